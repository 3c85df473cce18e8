// PeakScope Tutorial 2 ("Layers"): the Fashion-MNIST images as GL textures for the peak map
// tooltip and the dendrogram leaves: 28 × 28 uint8 → RGBA, moved by the shifted variant's (dx, dy).
//   Sections: thumbnail (cached per image and shift in LayersState::textures)
// Example: if (unsigned tex = thumbnail(L, row, L.series)) ImGui::Image((ImTextureID)(intptr_t)tex, size);
#include <GLES3/gl3.h>

#include <cstdint>
#include <vector>

#include "parts/layers/layers_internal.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// Thumbnails: 28 × 28 uint8 images as RGBA GL textures (cached per image and shift).
//-----------------------------------------------------------------------------------------------
unsigned thumbnail(LayersState& L, int row, int series) {
    const LayerSet& set = L.set();
    if (row < 0 || size_t(row + 1) * 784 > set.images.size()) return 0;
    const bool shifted = series == set.shiftedSeries && set.shifts.size() >= size_t(2 * row + 2);
    const int64_t key = int64_t(row) * 2 + (shifted ? 1 : 0);
    auto it = L.textures.find(key);
    if (it != L.textures.end()) return it->second;
    std::vector<unsigned char> rgba(784 * 4);
    const int dx = shifted ? set.shifts[size_t(2 * row)] : 0, dy = shifted ? set.shifts[size_t(2 * row + 1)] : 0;
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const int sx = x - dx, sy = y - dy;  // out(y, x) = in(y − dy, x − dx)
            const unsigned char v = (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) ? set.images[size_t(row) * 784 + size_t(sy * 28 + sx)] : 0;
            unsigned char* p = &rgba[size_t(y * 28 + x) * 4];
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
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 28, 28, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
    L.textures[key] = tex;
    return tex;
}

}  // namespace peakscope::web::layers
