import * as migration_20261129_205227_initial from './20261129_205227_initial';

export const migrations = [
  {
    up: migration_20261129_205227_initial.up,
    down: migration_20261129_205227_initial.down,
    name: '20261129_205227_initial'
  },
];
