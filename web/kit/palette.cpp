// Peak styles; see palette.hpp.
#include "kit/palette.hpp"

#include <algorithm>
#include <numeric>

namespace peakscope::web::palette {

const char* colourName(int c) {
    static const char* kNames[kColours] = {"orange", "sky blue", "bluish green", "yellow", "blue", "vermillion",
                                           "reddish purple", "violet", "pale green", "brown", "olive green", "lilac"};
    return kNames[((c % kColours) + kColours) % kColours];
}

const char* shapeName(Shape s) {
    switch (s) {
        case Shape::Square: return "square";
        case Shape::Diamond: return "diamond";
        case Shape::TriangleUp: return "triangle";
        case Shape::TriangleDown: return "inverted triangle";
    }
    return "square";
}

std::vector<PeakStyle> assignPeakStyles(const std::vector<int32_t>& key, const std::vector<double>& height,
                                        const std::vector<std::pair<int32_t, int32_t>>& touching,
                                        PeakStyleMemory& memory) {
    const int m = int(key.size());
    std::vector<std::vector<int>> adj(static_cast<size_t>(m));
    for (const auto& t : touching)
        if (t.first >= 0 && t.second >= 0 && t.first < m && t.second < m && t.first != t.second) {
            adj[size_t(t.first)].push_back(t.second);
            adj[size_t(t.second)].push_back(t.first);
        }
    std::vector<int> order(static_cast<size_t>(m));
    std::iota(order.begin(), order.end(), 0);
    auto h = [&](int i) { return size_t(i) < height.size() ? height[size_t(i)] : 0.0; };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return h(a) > h(b); });

    std::vector<int> colour(static_cast<size_t>(m), -1);
    int used[kColours] = {};
    auto touchesColour = [&](int i, int c) {
        for (int j : adj[size_t(i)])
            if (colour[size_t(j)] == c) return true;
        return false;
    };
    // 1. remembered colours, higher peaks first, while they stay distinct (≤ 12 peaks) and apart
    for (int i : order) {
        const auto it = memory.byKey.find(key[size_t(i)]);
        if (it == memory.byKey.end()) continue;
        const int c = it->second.colour;
        if (c < 0 || c >= kColours || touchesColour(i, c) || (used[c] > 0 && m <= kColours)) continue;
        colour[size_t(i)] = c;
        ++used[c];
    }
    // 2. the others: the least used colour no touching peak has; on ties the peak's own number
    //    (a fresh result with ≤ 12 peaks: peak c in colour c), then the lowest index
    for (int i : order) {
        if (colour[size_t(i)] >= 0) continue;
        int best = -1;
        for (int c = 0; c < kColours; ++c)
            if (!touchesColour(i, c) && (best < 0 || used[c] < used[best])) best = c;
        const int own = i % kColours;
        if (best >= 0 && !touchesColour(i, own) && used[own] == used[best]) best = own;
        if (best < 0)  // touches all 12 colours: the least used one
            best = int(std::min_element(used, used + kColours) - used);
        colour[size_t(i)] = best;
        ++used[best];
    }
    // 3. shapes within a colour: remembered if free, else the first free one, higher peaks first
    std::vector<PeakStyle> out(static_cast<size_t>(m));
    std::vector<int> shapeTaken(static_cast<size_t>(kColours * kShapes), 0);
    std::vector<char> done(static_cast<size_t>(m), 0);
    for (int pass = 0; pass < 2; ++pass)
        for (int i : order) {
            if (done[size_t(i)]) continue;
            const int c = colour[size_t(i)];
            int sh = -1;
            if (pass == 0) {
                const auto it = memory.byKey.find(key[size_t(i)]);
                if (it == memory.byKey.end() || it->second.colour != c) continue;
                sh = int(it->second.shape);
                if (shapeTaken[size_t(c * kShapes + sh)]) continue;
            } else {
                sh = 0;
                for (int k = 0; k < kShapes; ++k)
                    if (shapeTaken[size_t(c * kShapes + k)] < shapeTaken[size_t(c * kShapes + sh)]) sh = k;
            }
            ++shapeTaken[size_t(c * kShapes + sh)];
            out[size_t(i)] = {c, Shape(sh)};
            done[size_t(i)] = 1;
        }
    for (int i = 0; i < m; ++i) memory.byKey[key[size_t(i)]] = out[size_t(i)];
    return out;
}

}  // namespace peakscope::web::palette
