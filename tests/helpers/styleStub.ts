// Stands in for the stylesheets and images the admin panel's modules import (jest.config.js maps them here).
// An image is imported as its default export.
// eslint-disable-next-line no-restricted-exports
export default {}
