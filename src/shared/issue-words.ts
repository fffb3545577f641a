/*
 * The schema library's (zod's) wording of a problem, as a sentence for
 * someone editing a scenario or manifest by hand ("needs at least 1 entry",
 * not "Too small: expected array to have >=1 items"). Shared by the CLI and
 * the plugin manifest check.
 */
const article = (t: string): string => (t === 'int' ? 'an integer' : `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`);

/** One problem as a sentence; wording it does not know is returned as is. */
export function wordIssue(issue: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^Too small: expected number to be >=(\S+)$/, (m) => `must be at least ${m[1]}`],
    [/^Too small: expected number to be >(\S+)$/, (m) => `must be more than ${m[1]}`],
    [/^Too big: expected number to be <=(\S+)$/, (m) => `must be at most ${m[1]}`],
    [/^Too big: expected number to be <(\S+)$/, (m) => `must be less than ${m[1]}`],
    [/^Too small: expected array to have >=(\d+) items?$/, (m) => `needs at least ${m[1]} ${m[1] === '1' ? 'entry' : 'entries'}`],
    [/^Too big: expected array to have <=(\d+) items?$/, (m) => `takes at most ${m[1]} ${m[1] === '1' ? 'entry' : 'entries'}`],
    [/^Too small: expected string to have >=1 characters?$/, () => 'must not be empty'],
    [/^Invalid input: expected (\w+), received (\w+)$/, (m) => `expected ${article(m[1]!)}, got ${article(m[2]!)}`],
    [/^Invalid option: expected one of (.*)$/, (m) => `must be one of ${m[1]!.replace(/"/g, '').split('|').join(', ')}`],
  ];
  for (const [re, say] of rules) {
    const m = re.exec(issue);
    if (m) return say(m);
  }
  return issue;
}

