/**
 * The base of errors that are the user's to fix (an unusable template, package name or
 * output path). The command line prints their message on one line, never a stack trace.
 */

/** A mistake in the user's input or setup, not a bug in errgen. */
export class UserError extends Error {}
