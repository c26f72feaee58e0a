// src-shared runs in Node, Chromium and Electron alike, so it may only use what all
// three provide. Declared here by hand rather than pulling DOM or Node typings in.
declare global {
  var crypto: { getRandomValues<T extends ArrayBufferView>(array: T): T };
}
export {};
