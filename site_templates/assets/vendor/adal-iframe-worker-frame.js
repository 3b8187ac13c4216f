/* Runs first inside the hidden frame of adal-iframe-worker.js: gives the worker script the
   three things a worker has (postMessage to its owner, importScripts, error reports).
   importScripts resolves a path against the worker script's address, as a real worker does
   (the frame's own address is the page's). */
"use strict";
(() => {
  const url = window.name;
  const base = new URL(url, document.baseURI);
  window.postMessage = (data) => parent.postMessage(data, "*");
  window.importScripts = (...urls) => urls.reduce((done, src) => done.then(() =>
    new Promise((resolve) => {
      const script = document.createElement("script");
      script.src = new URL(src, base).href;
      script.onload = resolve;
      document.body.appendChild(script);
    })), Promise.resolve());
  window.addEventListener("error", ({ message, error }) => {
    parent.dispatchEvent(new ErrorEvent("error", { filename: url, message, error }));
  });
})();
