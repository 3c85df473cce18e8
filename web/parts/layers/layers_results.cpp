// PeakScope Tutorial 2 ("Layers"): the per-layer results: which one is selected (variant, layer,
// training epoch) and its state at Z: merge (d'Errico et al. 2021, §2.3), per-row peak labels,
// ARI with classes / macro-classes (Hubert & Arabie 1985), class histograms, dendrogram, MDS map.
//   Sections: [1] selection, refreshShown  [2] at Z
// Example: refreshShown(L);  (in update(); then the views read r.part, r.ariClass, ...)
#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

#include "parts/layers/layers_state.hpp"
#include "parts/layers/peak_layout.hpp"

namespace peakscope::web::layers {

//-----------------------------------------------------------------------------------------------
// [1] Selection
//-----------------------------------------------------------------------------------------------
Series* seriesOf(LayerSet& set, int s) {
    if (s >= 0 && s < int(set.series.size())) return &set.series[size_t(s)];
    if (s >= 100 && s - 100 < int(set.epochs.size())) return &set.epochs[size_t(s - 100)];
    return nullptr;
}

// Epochs of the snapshots: 0 = the untrained variant, last = trained; others from LayerSet::epochs.
Series* seriesAt(LayersState& L, int series, int epoch) {
    LayerSet& set = L.set();
    Series* se = nullptr;
    if (epoch >= 0 && series == 0 && !set.epochs.empty()) {
        for (auto& e : set.epochs)
            if (e.epoch == epoch) se = &e;
        if (!se && set.series.size() > 1 && epoch == 0) se = &set.series[1];
        if (!se && !set.series.empty() && epoch == set.series[0].epoch) se = &set.series[0];
    } else {
        se = seriesOf(set, series);
    }
    return se;
}

LayerResult* at(LayersState& L, int series, int layer, int epoch) {
    if (layer < 0 || layer >= int(L.set().layerNames.size())) return nullptr;
    Series* se = seriesAt(L, series, epoch);
    if (!se || layer >= int(se->layers.size()) || se->layers[size_t(layer)].name.empty()) return nullptr;
    return &se->layers[size_t(layer)];
}

Series* currentSeries(LayersState& L) {
    const int nl = int(L.set().layerNames.size());
    const int layer = L.layer < 0 ? nl - 1 : L.layer;
    if (L.epoch >= 0 && at(L, L.series, layer, L.epoch)) return seriesAt(L, L.series, L.epoch);
    return seriesAt(L, L.series, -1);  // as current(): the variant when the epoch lacks the layer
}

LayerResult* current(LayersState& L) {
    const int nl = int(L.set().layerNames.size());
    const int layer = L.layer < 0 ? nl - 1 : L.layer;
    LayerResult* r = at(L, L.series, layer, L.epoch);
    if (!r && L.epoch >= 0) r = at(L, L.series, layer, -1);
    return r;
}

// Epoch numbers with snapshots of layer `layer` (0 and the last epoch included); empty if none.
std::vector<int> epochsOf(LayersState& L, int layer) {
    std::vector<int> out;
    LayerSet& set = L.set();
    if (set.epochs.empty() || set.series.size() < 2) return out;
    bool any = false;
    for (auto& e : set.epochs)
        if (layer >= 0 && layer < int(e.layers.size()) && !e.layers[size_t(layer)].name.empty()) any = true;
    if (!any) return out;
    out.push_back(0);
    for (auto& e : set.epochs)
        if (!e.layers[size_t(layer)].name.empty()) out.push_back(e.epoch);
    out.push_back(set.series[0].epoch);
    return out;
}

namespace {
std::vector<Point2> points(const Matrix& m) {
    std::vector<Point2> out(size_t(m.rows));
    for (Index i = 0; i < m.rows; ++i) out[size_t(i)] = {m(i, 0), m(i, 1)};
    return out;
}

// Without classes the map of a layer is the classical MDS of its peaks, whose orientation is
// arbitrary: each layer's map is turned (rotation or reflection, peak_layout.hpp alignToPrevious)
// to the analysed layer before it, by the points their peaks share, so that "Play layers" shows
// peaks staying put or splitting instead of jumping. From the first new map on, the chain is redone.
void alignMaps(LayersState& L, Series& se) {
    const LayerResult* prev = nullptr;
    bool redo = false;
    for (LayerResult& r : se.layers) {
        if (!r.a) continue;
        redo = refreshAtZ(L, r, true) || redo;
        if (redo && prev && prev->mds.rows > 0 && r.mds.rows > 0) {
            const std::vector<Point2> turned = alignToPrevious(points(r.mds), r.rowPeak, points(prev->mds), prev->rowPeak);
            for (size_t i = 0; i < turned.size(); ++i) {
                r.mds.values[2 * i] = turned[i][0];
                r.mds.values[2 * i + 1] = turned[i][1];
            }
        }
        prev = &r;
    }
}
}  // namespace

// What the views read, brought to L.Z (update() calls it; the views only read): every analysed
// layer of the shown set (the strip), its snapshots (the training plot), the selected one with its map.
void refreshShown(LayersState& L) {
    LayerSet& set = L.set();
    for (auto* group : {&set.series, &set.epochs})
        for (Series& se : *group)
            for (LayerResult& r : se.layers)
                if (r.a) refreshAtZ(L, r, false);
    if (set.labels.empty()) {  // the map is the peaks' MDS: every layer's, each turned to the one before
        if (Series* se = currentSeries(L)) alignMaps(L, *se);
    } else if (LayerResult* r = current(L)) {  // the map places peaks by class composition
        refreshAtZ(L, *r, true);
    }
}

//-----------------------------------------------------------------------------------------------
// [2] At Z: merge, per-row peak labels, ARI with classes and macro-classes, class histograms,
// dendrogram, MDS map of the peaks (classical MDS of F_max − saddle, core/hierarchy.hpp).
//-----------------------------------------------------------------------------------------------
bool refreshAtZ(LayersState& L, LayerResult& r, bool withMaps) {
    if (!r.a) return false;
    const LayerSet& set = L.set();
    if (r.zOf != L.Z) {
        const Analysis& a = *r.a;
        if (a.mergedAt(L.Z)) {
            r.part = a.partition;  // the worker merged at this Z (layers_params.hpp): not recomputed
            r.hier = a.hierarchy;
        } else {
            r.part = mergeAtZ(a.topography, a.density, L.Z);
            r.hier = peakHierarchy(r.part);
        }
        r.rowPeak.resize(a.rowToUnique.size());
        for (size_t i = 0; i < r.rowPeak.size(); ++i) r.rowPeak[i] = r.part.labels[size_t(a.rowToUnique[i])];
        r.ariClass = r.ariMacro = NAN;
        const size_t m = size_t(r.part.nClusters());
        const int nc = set.classes.empty() ? 0 : int(set.classes.size());
        int maxLabel = nc - 1;
        for (int32_t v : set.labels) maxLabel = std::max<int>(maxLabel, v);
        r.classHist.assign(m, std::vector<int>(size_t(std::max(0, maxLabel + 1)), 0));
        r.dominant.assign(m, -1);
        if (!set.labels.empty() && set.labels.size() == r.rowPeak.size()) {
            std::vector<int64_t> peaks(r.rowPeak.begin(), r.rowPeak.end()), cls(set.labels.begin(), set.labels.end());
            r.ariClass = adjustedRandIndex(cls, peaks);
            if (!set.classToMacro.empty()) {
                std::vector<int64_t> mac(cls.size());
                for (size_t i = 0; i < cls.size(); ++i)
                    mac[i] = cls[i] >= 0 && cls[i] < int64_t(set.classToMacro.size()) ? set.classToMacro[size_t(cls[i])] : -1;
                r.ariMacro = adjustedRandIndex(mac, peaks);
            }
            for (size_t i = 0; i < r.rowPeak.size(); ++i)
                if (set.labels[i] >= 0) r.classHist[size_t(r.rowPeak[i])][size_t(set.labels[i])]++;
            for (size_t p = 0; p < m; ++p) {
                const auto& h = r.classHist[p];
                if (!h.empty()) r.dominant[p] = int(std::max_element(h.begin(), h.end()) - h.begin());
            }
        }
        r.mds = {};
        r.zOf = L.Z;
    }
    if (!withMaps || r.mds.rows == r.part.nClusters()) return false;
    const Index m = r.part.nClusters();
    if (m >= 3) {
        try {
            r.mds = classicalMds(peakDissimilarity(r.part), m, 2).coords;
        } catch (const std::exception&) {
            r.mds = {};
        }
    }
    if (r.mds.rows != m) {  // one or two peaks (or a degenerate map): on a line
        r.mds.rows = m;
        r.mds.cols = 2;
        r.mds.values.assign(size_t(2 * m), 0.0);
        for (Index i = 0; i < m; ++i) r.mds.values[size_t(2 * i)] = double(i);
    }
    return true;
}

}  // namespace peakscope::web::layers
