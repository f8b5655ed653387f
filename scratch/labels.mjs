import { LocalLlm } from '../dist/src/llm/local.js';
import { localSupportReading } from '../dist/src/tutor/answer/support.js';
import { evaluateSupportLabels } from '../dist/eval/explainLabels.js';
const llm = new LocalLlm({ modelDir: 'models', mode: 'auto', threads: 0 });
await evaluateSupportLabels(process.env.NOMODEL ? null : localSupportReading(llm));
process.exit(0);
