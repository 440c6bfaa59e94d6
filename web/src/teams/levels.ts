// What each team permission level means, read from the access model itself (src/access/model.ts).
import { ACTIONS, ACTION_NAMES, LEVELS, type Level } from '@access';

export { LEVELS, type Level };

/** The datastore actions a level adds to the ones below it. */
export function actionsAddedAt(level: Level): { action: string; description: string }[] {
  return ACTION_NAMES.flatMap((name) => {
    const spec = ACTIONS[name];
    return spec.kind === 'datastore' && spec.minLevel === level ? [{ action: name, description: spec.description }] : [];
  });
}

export function levelSummary(level: Level): string {
  const below = LEVELS.indexOf(level) > 0 ? `everything ${LEVELS[LEVELS.indexOf(level) - 1]} has, and ` : '';
  return `${below}${actionsAddedAt(level).map((a) => a.description.toLowerCase()).join('; ')}`;
}
