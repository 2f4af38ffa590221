import * as migration_20261129_205227_initial from './20261129_205227_initial';
import * as migration_20261129_212022_editorial_workflow from './20261129_212022_editorial_workflow';
import * as migration_20261129_233712_import_provenance from './20261129_233712_import_provenance';

export const migrations = [
  {
    up: migration_20261129_205227_initial.up,
    down: migration_20261129_205227_initial.down,
    name: '20261129_205227_initial',
  },
  {
    up: migration_20261129_212022_editorial_workflow.up,
    down: migration_20261129_212022_editorial_workflow.down,
    name: '20261129_212022_editorial_workflow',
  },
  {
    up: migration_20261129_233712_import_provenance.up,
    down: migration_20261129_233712_import_provenance.down,
    name: '20261129_233712_import_provenance'
  },
];
