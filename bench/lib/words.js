// Vocabulary for domain, folder, file and identifier names. Only the order
// matters for determinism; the words themselves are just for realism.

// Lower index = lower architectural layer (imported by the ones after it).
// 'users' / 'users-admin' is a deliberate prefix pair: a checker that matches
// `src/users/**` with a bare startsWith('src/users') would misfire.
export const SRC_DOMAIN_NAMES = [
  'core', 'ui', 'auth', 'users', 'users-admin', 'billing', 'payments', 'orders',
  'catalog', 'inventory', 'shipping', 'search', 'notifications', 'analytics',
  'reporting', 'admin', 'settings', 'messaging', 'media', 'integrations',
  'scheduling', 'audit', 'pricing', 'onboarding', 'support',
];

// Workspace packages, lowest layer first; 'legacy' is the one others are
// being migrated off, so it is the most common forbidden target.
export const PACKAGE_NAMES = ['shared', 'telemetry', 'design-system', 'legacy'];

export const FOLDER_WORDS = [
  'api', 'components', 'hooks', 'lib', 'utils', 'adapters', 'handlers', 'jobs',
  'mappers', 'validators', 'queries', 'commands', 'events', 'policies', 'store',
  'views', 'forms', 'widgets', 'helpers', 'clients', 'cache', 'workers', 'types',
  'config', 'formatters', 'reducers', 'selectors', 'routes', 'schemas', 'legacy',
];

export const NOUNS = [
  'account', 'invoice', 'customer', 'order', 'session', 'token', 'cart', 'product',
  'price', 'tax', 'refund', 'ledger', 'report', 'metric', 'event', 'message', 'channel',
  'upload', 'image', 'schedule', 'slot', 'ticket', 'comment', 'address', 'carrier',
  'parcel', 'stock', 'warehouse', 'query', 'index', 'filter', 'audit', 'policy', 'role',
  'permission', 'team', 'profile', 'preference', 'locale', 'currency', 'discount',
  'coupon', 'plan', 'subscription', 'webhook', 'export', 'batch', 'job', 'retry', 'quota',
];

export const MODULE_SUFFIXES = [
  'Service', 'Store', 'Utils', 'Model', 'Repository', 'Client', 'Mapper', 'Validator',
  'Formatter', 'Handler', 'Policy', 'Config', 'Cache', 'Queue', 'Events', 'Types',
  'Helpers', 'Controller', 'Serializer', 'Builder',
];

export const COMPONENT_SUFFIXES = ['View', 'Card', 'List', 'Form', 'Panel', 'Page', 'Dialog', 'Table', 'Badge'];
