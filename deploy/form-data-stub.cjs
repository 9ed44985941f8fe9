// Bundled in place of the `form-data` package (see serverless.yml, custom.esbuild.alias). The official HubSpot
// client's HTTP transport imports it only to ask `body instanceof FormData`, for file uploads; the service sends JSON
// only, so the answer is always no. The real package pulls in mime-db (134 KB), compiled at every cold start.
'use strict';
class FormData {}
module.exports = FormData;
module.exports.default = FormData;
