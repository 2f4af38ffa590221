import * as migration_20261129_205227_initial from './20261129_205227_initial';
import * as migration_20261129_212022_editorial_workflow from './20261129_212022_editorial_workflow';
import * as migration_20261129_233712_import_provenance from './20261129_233712_import_provenance';
import * as migration_20261130_004311_article_trash from './20261130_004311_article_trash';
import * as migration_20261130_032120_forgot_password_in_transaction from './20261130_032120_forgot_password_in_transaction';
import * as migration_20261202_170525_search_keys from './20261202_170525_search_keys';
import * as migration_20261202_203449_webhooks from './20261202_203449_webhooks';

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
    name: '20261129_233712_import_provenance',
  },
  {
    up: migration_20261130_004311_article_trash.up,
    down: migration_20261130_004311_article_trash.down,
    name: '20261130_004311_article_trash',
  },
  {
    up: migration_20261130_032120_forgot_password_in_transaction.up,
    down: migration_20261130_032120_forgot_password_in_transaction.down,
    name: '20261130_032120_forgot_password_in_transaction',
  },
  {
    up: migration_20261202_170525_search_keys.up,
    down: migration_20261202_170525_search_keys.down,
    name: '20261202_170525_search_keys',
  },
  {
    up: migration_20261202_203449_webhooks.up,
    down: migration_20261202_203449_webhooks.down,
    name: '20261202_203449_webhooks'
  },
];
