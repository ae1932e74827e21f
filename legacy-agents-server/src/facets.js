import { readFile } from 'node:fs/promises';
import { errorFields, log } from './log.js';

/**
 * The flex facet catalog (an array of `{name, title, description, schema, direction, requiredByDefault}`), read from
 * FACET_CATALOG_PATH. It is optional: while it cannot be read every input facet counts as required, and the next call
 * tries again.
 */
export class FacetCatalog {
  #facets = null;

  constructor(path) {
    this.path = path;
  }

  async load() {
    if (this.#facets) return this.#facets;
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8'));
      if (!Array.isArray(parsed)) throw new Error('the facet catalog is not an array');
      this.#facets = new Map(parsed.map((f) => [f.name, f]));
      log.info('facet catalog loaded', { path: this.path, facets: parsed.length });
    } catch (err) {
      if (err.code !== 'ENOENT') log.warn('facet catalog unreadable', { path: this.path, ...errorFields(err) });
    }
    return this.#facets;
  }

  /** The JSON type a facet's schema declares (`object`, `string`, `array`…), or undefined without a catalog. */
  async typeOf(name) {
    const facets = await this.load();
    const type = facets?.get(name)?.schema?.type;
    return typeof type === 'string' ? type : undefined;
  }

  /** The facets of an input contract that a caller must provide (`requiredByDefault`, or all without a catalog). */
  async requiredInputs(names) {
    const facets = await this.load();
    return names.filter((name) => facets?.get(name)?.requiredByDefault !== false);
  }
}
