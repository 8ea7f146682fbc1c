// Validates an OpenAPI document with @apidevtools/swagger-parser (schema and references). Usage: node validate-openapi.js FILE
const SwaggerParser = require('@apidevtools/swagger-parser');
SwaggerParser.validate(process.argv[2])
  .then((api) => process.stdout.write(`${api.openapi} ${Object.keys(api.paths).length} paths`))
  .catch((error) => { process.stderr.write(`invalid OpenAPI: ${error.message}\n`); process.exit(1); });
