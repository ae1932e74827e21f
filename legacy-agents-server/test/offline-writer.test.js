import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { characterLimits, renderPost } from '../src/agents/facet-shapes.js';
import { toFlexBrief, toFlexFeedback, toFlexPostCopy, toFlexRationale } from '../src/agents/flex-facets.js';
import { OfflineWriter } from '../src/agents/offline-writer.js';
import { describeObjective } from '../src/agents/tools.js';
import { catalogMissing, loadFacetSchemas } from './helpers/facet-schemas.js';

describe('offline writer', () => {
  it('reads the topic and the audience out of an objective', () => {
    assert.deepEqual(describeObjective('Announce our new solar-powered coffee roaster to eco-conscious cafe owners in Berlin'), {
      topic: 'our new solar-powered coffee roaster',
      audience: 'eco-conscious cafe owners in Berlin',
      keywords: ['solar-powered', 'coffee', 'roaster', 'eco-conscious', 'cafe'],
    });
    assert.equal(describeObjective('Write a LinkedIn post about our Q3 hiring push').topic, 'our Q3 hiring push');
  });

  const objectives = [
    'Spring sale',
    '!!!',
    'Écrire un post sur notre nouvelle boulangerie à Lyon pour les familles',
    `${'Long objective about sustainable packaging and logistics. '.repeat(130)}`.slice(0, 8000),
    'Write a tweet announcing our API v2 launch to developers',
  ];
  const platforms = ['linkedin', 'x', 'instagram', 'facebook', undefined];

  it('produces facet values (converted at the invoke boundary) valid against the catalog schemas, within platform limits, for varied objectives', { skip: catalogMissing }, async () => {
    const { assertValid } = loadFacetSchemas();
    const check = (name, value) => assertValid(name, value, `${name}: `);
    const writer = new OfflineWriter();
    for (const objective of objectives) {
      for (const platform of platforms) {
        const postContext = platform ? { platform } : undefined;
        const { brief, rationale } = await writer.strategize({ objective, mode: 'create_post', postContext });
        check('creative_brief', toFlexBrief(brief));
        check('strategic_rationale', toFlexRationale(rationale));
        const { copy } = await writer.writeCopy({ objective, brief, postContext });
        check('post_copy', toFlexPostCopy(copy));
        assert.ok(renderPost(copy).length <= characterLimits[platform ?? 'linkedin'], `${platform}: ${renderPost(copy).length}`);
        const { feedback } = await writer.review({ objective, copy, postContext });
        check('feedback', toFlexFeedback(feedback));
      }
    }
  });

  it('streams the whole post through onDelta and stops when aborted', async () => {
    const writer = new OfflineWriter();
    const { brief } = await writer.strategize({ objective: 'Our bakery turns ten', mode: 'create_post' });
    const chunks = [];
    const { text } = await writer.writeCopy({ objective: 'Our bakery turns ten', brief, onDelta: (c) => chunks.push(c) });
    assert.equal(chunks.join(''), text);

    const abort = new AbortController();
    abort.abort(new Error('gone'));
    await assert.rejects(writer.writeCopy({ objective: 'x', brief, signal: abort.signal, onDelta: () => {} }), /gone/);
  });
});
