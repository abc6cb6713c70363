import { migration0001 } from './0001-connections';
import { migration0002 } from './0002-api-usage';
import { migration0003 } from './0003-tokens-sealed';
import { migration0004 } from './0004-cockpit-settings';

/** Every schema change, in order. Each runs in its own transaction and bumps `user_version`. */
export const MIGRATIONS = [migration0001, migration0002, migration0003, migration0004];
