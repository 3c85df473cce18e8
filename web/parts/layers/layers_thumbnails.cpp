// PeakScope Tutorial 2 ("Layers"): the Fashion-MNIST images as GL textures for the peak map
// tooltip and the dendrogram leaves: side × side uint8 (28 or 32) → RGBA, moved by the shifted variant's (dx, dy).
//   Sections: prepareThumbnails (update(): the textures the views may show), thumbnail (a lookup)
// Example: prepareThumbnails(L);  (update)   if (unsigned tex = thumbnail(L, row, L.series)) ImGui::Image(...);  (draw)
#include <GLES3/gl3.h>

#include <cstdint>
#include <vector>

#include "parts/layers/layers_state.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// Thumbnails: side × side uint8 images as RGBA GL textures (cached per image and shift).
//-----------------------------------------------------------------------------------------------
namespace {
// The cache key of image `row` as series `series` shows it (−1: no such image).
int64_t keyOf(const LayerSet& set, int row, int series, bool& shifted) {
    const int px = set.imageSide * set.imageSide;
    if (row < 0 || set.imageSide <= 0 || size_t(row + 1) * size_t(px) > set.images.size()) return -1;
    shifted = series == set.shiftedSeries && set.shifts.size() >= size_t(2 * row + 2);
    return int64_t(row) * 2 + (shifted ? 1 : 0);
}

void makeTexture(LayersState& L, int row, int series) {
    const LayerSet& set = L.set();
    bool shifted = false;
    const int64_t key = keyOf(set, row, series, shifted);
    if (key < 0 || L.textures.count(key)) return;
    const int S = set.imageSide, px = S * S;
    std::vector<unsigned char> rgba(size_t(px) * 4);
    const int dx = shifted ? set.shifts[size_t(2 * row)] : 0, dy = shifted ? set.shifts[size_t(2 * row + 1)] : 0;
    for (int y = 0; y < S; ++y)
        for (int x = 0; x < S; ++x) {
            const int sx = x - dx, sy = y - dy;  // out(y, x) = in(y − dy, x − dx)
            const unsigned char v = (sx >= 0 && sx < S && sy >= 0 && sy < S) ? set.images[size_t(row) * size_t(px) + size_t(sy * S + sx)] : 0;
            unsigned char* p = &rgba[size_t(y * S + x) * 4];
            p[0] = p[1] = p[2] = v;
            p[3] = 255;
        }
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, S, S, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    L.textures[key] = tex;
}
}  // namespace

void prepareThumbnails(LayersState& L) {
    const LayerResult* r = current(L);
    if (!r || !r->a) return;
    for (Index c : r->part.centres) makeTexture(L, r->a->row(int32_t(c)), L.series);
}

unsigned thumbnail(const LayersState& L, int row, int series) {
    bool shifted = false;
    const int64_t key = keyOf(L.set(), row, series, shifted);
    const auto it = key < 0 ? L.textures.end() : L.textures.find(key);
    return it == L.textures.end() ? 0 : it->second;
}

}  // namespace peakscope::web::layers
