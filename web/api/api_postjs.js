// --post-js of peakscope.mjs (inside the factory): the public JS face of the Embind entry points
// in api_bindings.cpp. Embind functions insist on their exact argument count and return an Error
// object on failure (so no JS exception ever unwinds through wasm frames); these wrappers make the
// options arguments optional, throw that Error, and turn the column form of saddles and dendrogram
// merges into arrays of objects (cheaper here than one wasm→JS crossing per field).
// Installed after the runtime registered the bindings (postRun runs before `await PeakScope()`
// resumes). Example: const r = ps.analyze(points, n, d);   // options omitted = defaults
addOnPostRun(function () {
  function unwrap(out) {
    if (out instanceof Error) throw out;
    return out;
  }
  // {key: TypedArray, ...} of equal lengths → [{key: value, ...}, ...]
  function rows(columns, booleans) {
    var keys = Object.keys(columns), n = keys.length ? columns[keys[0]].length : 0, out = new Array(n);
    for (var i = 0; i < n; i++) {
      var o = {};
      for (var k = 0; k < keys.length; k++) {
        var v = columns[keys[k]][i];
        o[keys[k]] = booleans && booleans.indexOf(keys[k]) >= 0 ? v !== 0 : v;
      }
      out[i] = o;
    }
    return out;
  }
  // a result or a mergeAtZ partition: saddles and dendrogram merges as arrays of objects
  function finish(o) {
    o['saddles'] = rows(o['saddles']);
    o['dendrogram']['merges'] = rows(o['dendrogram']['merges'], ['connected']);
    return o;
  }
  // A plain array must hold numbers only: null, true, "1.5", holes … are refused, not coerced
  // (typed arrays hold numbers by construction). Names the first bad element and its row/column.
  function numbersOnly(where, what, a, width) {
    if (!Array.isArray(a)) return;
    for (var i = 0; i < a.length; i++) {
      var v = a[i];
      if (typeof v === 'number') continue;
      var shown = typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) + ' (a string)'
        : v === null || v === undefined || typeof v === 'boolean' ? String(v) : typeof v;
      var place = typeof width === 'number' && width >= 1 && width === Math.floor(width)
        ? ' (row ' + (Math.floor(i / width) + 1) + ', column ' + (i % width + 1) + ')' : '';
      throw new Error(where + ': ' + what + '[' + i + ']' + place + ' is ' + shown + ', not a number');
    }
  }
  var analyze = Module['analyze'], analyzeGraph = Module['analyzeGraph'], readTable = Module['readTable'];
  Module['analyze'] = function (points, n, d, options) {
    numbersOnly('analyze', 'points', points, d);
    return finish(unwrap(analyze(points, n, d, options)));
  };
  Module['analyzeGraph'] = function (distances, indices, n, k, options) {
    numbersOnly('analyzeGraph', 'distances', distances, k);
    numbersOnly('analyzeGraph', 'indices', indices, k);
    return finish(unwrap(analyzeGraph(distances, indices, n, k, options)));
  };
  Module['readTable'] = function (bytes, fileName, options) {
    return unwrap(readTable(bytes, fileName === undefined ? '' : fileName, options));
  };
  var proto = Module['Result'].prototype, mergeAtZ = proto['mergeAtZ'], toJSON = proto['toJSON'];
  function live(result, name) {
    if (result['isDeleted']()) throw new Error(name + ': this result was deleted (r.delete() frees it)');
  }
  proto['mergeAtZ'] = function (Z) {
    live(this, 'mergeAtZ');
    return finish(unwrap(mergeAtZ.call(this, Z)));
  };
  proto['toJSON'] = function () {
    live(this, 'toJSON');
    return unwrap(toJSON.call(this));
  };
});
