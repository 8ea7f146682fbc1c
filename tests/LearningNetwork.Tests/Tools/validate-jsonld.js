// Expands a JSON-LD file with jsonld.js in safe mode (which fails on anything it would have to drop) and prints
// the expanded node types with their counts. The schema.org context is answered from here as a plain @vocab,
// because test machines have no network. Usage: node validate-jsonld.js FILE
const fs = require('fs');
const jsonld = require('jsonld');
const schemaOrg = { '@context': { '@vocab': 'https://schema.org/' } };
const documentLoader = async (url) => {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) return { contextUrl: null, documentUrl: url, document: schemaOrg };
  throw new Error(`refusing to fetch ${url}`);
};
(async () => {
  const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const nodes = await jsonld.expand(input, { documentLoader, safe: true });
  if (nodes.length === 0) throw new Error('the document expands to nothing');
  const counts = {};
  for (const node of nodes) for (const type of node['@type'] || ['(untyped)']) counts[type] = (counts[type] || 0) + 1;
  process.stdout.write(JSON.stringify(counts));
})().catch((error) => { process.stderr.write(`invalid JSON-LD: ${error.message || error}\n`); process.exit(1); });
