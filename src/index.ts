import 'reflect-metadata';
import { run } from './main.js';

await run();
