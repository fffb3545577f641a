/*
 * A built-in scenario with fields changed (`--scenario-set`, the experiment
 * form) is filed under its own name, so the archive never mistakes it for
 * the built-in, and its title lists the changes.
 */

/** Appended to the built-in's name. */
export const CUSTOM_SUFFIX = '-custom';

/** The name and title of `scenario` with `changes` ("make-j16.anonMiBPerUnit=40") made to it. */
export function customNaming(scenario: { name: string; title: string }, changes: readonly string[]): { name: string; title: string } {
  // Changed twice (--scenario-set, then a trace): still one suffix, both changes in the title.
  const name = scenario.name.endsWith(CUSTOM_SUFFIX) ? scenario.name : `${scenario.name}${CUSTOM_SUFFIX}`;
  return { name, title: `${scenario.title || scenario.name} (${changes.join(', ')})` };
}
