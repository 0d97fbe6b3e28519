// Makes `require('vscode')` return the fake in fakeVscode.ts, as microsoft/vscode-python-environments
// does for its unit tests. Loaded by .mocharc.json (`require`) and by each test of src/ui (so one
// file also runs alone with `--no-config`); installing twice is harmless.
import Module from 'node:module';
import * as fake from './fakeVscode';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load; vscodeFakeInstalled?: boolean };

if (!loader.vscodeFakeInstalled) {
  const original = loader._load;
  loader._load = (request, parent, isMain) => (request === 'vscode' ? fake : original.call(Module, request, parent, isMain));
  loader.vscodeFakeInstalled = true;
}

export { fake };
