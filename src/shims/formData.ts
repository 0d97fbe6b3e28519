// axios's Node build imports the `form-data` package (and through it a 140 kB MIME table) for
// multipart uploads. This extension only sends GETs; Node 20's own FormData stands in.
export default globalThis.FormData;
