import { runStep } from './scenario-throughput.js';
const [design, rate, secs] = process.argv.slice(2);
const r = await runStep(design as any, Number(rate), Number(secs));
console.log(JSON.stringify(r));
