// Minimal PNG decoder for test screenshots (node:zlib only): 8-bit greyscale/RGB/RGBA (+alpha),
// non-interlaced, which is what Chromium's screenshots are. Returns { width, height, rgba }.
import { inflateSync } from 'node:zlib';

export function decodePng(buf) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  sig.forEach((b, i) => { if (buf[i] !== b) throw new Error('not a PNG'); });
  let pos = 8, width = 0, height = 0, depth = 0, colorType = 0, interlace = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0); height = data.readUInt32BE(4);
      depth = data[8]; colorType = data[9]; interlace = data[12];
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + len;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colorType];
  if (depth !== 8 || !channels || interlace) {
    throw new Error(`unsupported PNG (depth ${depth}, colour type ${colorType}, interlace ${interlace})`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = px.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : null;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels] : 0;
      const b = prev ? prev[x] : 0;
      const c = prev && x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      switch (filter) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) >> 1; break;
        case 4: {
          const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter}`);
      }
      out[x] = v & 255;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    if (channels >= 3) {
      rgba[i * 4] = px[s]; rgba[i * 4 + 1] = px[s + 1]; rgba[i * 4 + 2] = px[s + 2];
    } else {
      rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = px[s];
    }
    rgba[i * 4 + 3] = channels === 4 ? px[s + 3] : channels === 2 ? px[s + 1] : 255;
  }
  return { width, height, rgba };
}

// Pixel statistics used to decide whether a frame is blank:
//   distinct      number of distinct colours (quantised to 5 bits per channel)
//   nonBackground fraction of pixels farther than 24 (max channel diff) from the modal colour
//   near(rgb, tol) count of pixels within tol (max channel diff) of a colour
export function pixelStats(img) {
  const { width, height, rgba } = img;
  const n = width * height;
  const counts = new Map();
  for (let i = 0; i < n; i++) {
    const key = ((rgba[i * 4] >> 3) << 10) | ((rgba[i * 4 + 1] >> 3) << 5) | (rgba[i * 4 + 2] >> 3);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let modeKey = 0, modeCount = -1;
  for (const [k, c] of counts) if (c > modeCount) { modeKey = k; modeCount = c; }
  const bg = [((modeKey >> 10) & 31) << 3, ((modeKey >> 5) & 31) << 3, (modeKey & 31) << 3];
  const diff = (i, c) => Math.max(Math.abs(rgba[i * 4] - c[0]), Math.abs(rgba[i * 4 + 1] - c[1]),
                                  Math.abs(rgba[i * 4 + 2] - c[2]));
  let nonBg = 0;
  for (let i = 0; i < n; i++) if (diff(i, bg) > 24) nonBg++;
  return {
    distinct: counts.size,
    background: bg,
    nonBackground: nonBg / n,
    near(rgb, tol = 20) {
      let k = 0;
      for (let i = 0; i < n; i++) if (diff(i, rgb) <= tol) k++;
      return k;
    },
  };
}
