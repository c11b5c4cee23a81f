/**
 * The words of the reference page itself (title, column titles, badges) in each language the
 * page is written in. A locale without its own table gets the English one.
 */

/** The fixed text of a reference page in one language. */
export interface PageText {
  /** The language's own name, for the line that links the language versions. */
  language: string;
  /** Label of the line that links the language versions, with its colon. */
  languages: string;
  title: (catalogName: string) => string;
  /** The sentence under the title, given the count of codes. */
  intro: (count: string) => string;
  codes: (live: number, retired: number) => string;
  columns: readonly [string, string, string, string, string];
  retired: string;
  deprecated: string;
  retryable: string;
  /** The sentence that points at a deprecated code's replacement. */
  useInstead: (link: string) => string;
}

const english: PageText = {
  language: 'English',
  languages: 'Languages: ',
  title: (name) => `${name} error codes`,
  intro: (count) =>
    `${count}, grouped by HTTP status. ` +
    'Each code has an anchor of its own (`#<code>`) that never changes.',
  codes: (live, retired) => {
    const codes = `${live} ${live === 1 ? 'code' : 'codes'}`;
    return retired === 0 ? codes : `${codes} and ${retired} retired (struck through)`;
  },
  columns: ['Code', 'Name', 'Message', 'Description', 'Notes'],
  retired: 'Retired',
  deprecated: 'Deprecated',
  retryable: 'Retryable',
  useInstead: (link) => `Use ${link} instead.`,
};
const ZH_ANCHORS = '每个错误码都有自己的锚点（`#<错误码>`），永不改变。';

const simplifiedChinese: PageText = {
  language: '简体中文',
  languages: '语言：',
  title: (name) => `${name} 错误码`,
  intro: (count) => `${count}，按 HTTP 状态码分组。${ZH_ANCHORS}`,
  codes: (live, retired) => {
    const codes = `共 ${live} 个错误码`;
    const struck = `，另有 ${retired} 个已停用（以删除线标出）`;
    return retired === 0 ? codes : `${codes}${struck}`;
  },
  columns: ['错误码', '名称', '消息', '说明', '备注'],
  retired: '已停用',
  deprecated: '已弃用',
  retryable: '可重试',
  useInstead: (link) => `请改用 ${link}。`,
};

const PAGE_TEXTS: Readonly<Record<string, PageText>> = {
  en: english,
  'zh-CN': simplifiedChinese,
  'zh-Hans': simplifiedChinese,
};

/** The page text for a locale: its own, its language's (`en-GB` gets `en`), else English. */
export function pageTextFor(locale: string): PageText {
  return PAGE_TEXTS[locale] ?? PAGE_TEXTS[locale.split('-')[0]!.toLowerCase()] ?? english;
}

/** How the link line names a locale: in its own language when known, else by its tag. */
export function languageName(locale: string): string {
  return PAGE_TEXTS[locale]?.language ?? locale;
}
