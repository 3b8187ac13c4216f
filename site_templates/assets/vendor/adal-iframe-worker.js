/* A stand-in for Web Workers on pages opened from disk (file://), where browsers refuse
   them: Material's search then runs in a hidden frame. Adapted from iframe-worker 1.0.4
   (MIT licence, Martin Donath: iframe-worker-LICENSE.txt beside this file). Unlike the
   original it writes no inline script into the frame, so the pages' Content-Security-Policy
   (scripts from the site only) still holds: the frame's set-up is adal-iframe-worker-frame.js. */
"use strict";
(() => {
  if (location.protocol !== "file:") return;
  const frameScript = document.currentScript.src.replace(/[^/]*$/, "adal-iframe-worker-frame.js");
  const attr = (text) => String(text).replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = String(url);
      this.onmessage = null;
      this.onerror = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.name = this.url;  // read by the frame's script
      document.body.appendChild(this.frame);
      this.relay = (event) => {
        if (event.source !== this.frame.contentWindow) return;
        const message = new MessageEvent("message", { data: event.data });
        this.dispatchEvent(message);
        if (this.onmessage) this.onmessage(message);
      };
      this.failed = (event) => {
        if (event.filename !== this.url) return;
        const error = new ErrorEvent("error", { message: event.message, error: event.error });
        this.dispatchEvent(error);
        if (this.onerror) this.onerror(error);
      };
      window.addEventListener("message", this.relay);
      window.addEventListener("error", this.failed);
      const doc = this.frame.contentWindow.document;
      doc.open();
      doc.write(`<!doctype html><html><body><script src="${attr(frameScript)}"></script>` +
                `<script src="${attr(this.url)}"></script></body></html>`);
      doc.close();
      this.ready = new Promise((resolve, reject) => {
        this.frame.contentWindow.onload = resolve;
        this.frame.contentWindow.onerror = reject;
      });
    }

    postMessage(data) {
      this.ready.catch(() => undefined).then(() => {
        this.frame.contentWindow.dispatchEvent(
          new MessageEvent("message", structuredClone({ data })));
      });
    }

    terminate() {
      window.removeEventListener("message", this.relay);
      window.removeEventListener("error", this.failed);
      this.frame.remove();
    }
  }

  window.Worker = FrameWorker;
})();
