import { CHANGELOG_CATEGORIES } from '../model/changelog-model.ts';
import { changelogPath } from '../naming.ts';
import type { TargetInput } from '../types.ts';
import { collector, type Diagnostic } from './diagnostic.ts';

/**
 * Changelog fragments: released entries are `released/<x.y.z>.md` opening with their own `## [x.y.z]` heading;
 * unreleased ones are `unreleased/<category>/<name>.md` holding one bullet (`- ...`).
 */
export function checkChangelog(input: Pick<TargetInput, 'spec' | 'changelog'>): Diagnostic[] {
  const { out, at } = collector();
  for (const [path, text] of Object.entries(input.changelog)) {
    const error = at(changelogPath(input.spec, path));
    const released = /^released\/(\d+\.\d+\.\d+)\.md$/.exec(path);
    const unreleased = /^unreleased\/([a-z]+)\/[^/]+\.md$/.exec(path);
    if (released) {
      if (!text.startsWith(`## [${released[1]}]`)) error(`a released entry must start with its heading '## [${released[1]}] - <date>'`);
    } else if (unreleased) {
      if (!(CHANGELOG_CATEGORIES as readonly string[]).includes(unreleased[1] ?? '')) {
        error(`unknown category '${unreleased[1]}' (allowed: ${CHANGELOG_CATEGORIES.join(', ')})`);
      }
      if (!text.startsWith('- ') || /\n- /.test(text.trimEnd())) error('an unreleased fragment holds exactly one bullet, starting with "- "');
    } else {
      error('not a changelog fragment: use released/<x.y.z>.md or unreleased/<category>/<name>.md');
    }
  }
  return out;
}
