/**
 * Runs once before all tests: makes sure the pinned Python tools are in .venv/, so test
 * files running in parallel never race to create it.
 */
import { ensurePythonTools } from './support/python-tools.ts';

export default async function setup(): Promise<void> {
  ensurePythonTools();
}
