// Binary transfer of an Analysis (see result_codec.hpp). Little-endian, the layout of the wasm heap:
// a magic tag, then the fields in one fixed order; vectors as (count, raw elements).
#include "protocol/result_codec.hpp"

#include <string>

#include "protocol/wire.hpp"

namespace peakscope::web {
namespace {

constexpr std::uint32_t kMagic = 0x50534132;  // "PSA2" (PSA1 had per-point log ρ, σ twice)

using wire::Reader;
using wire::Writer;

// One field list for both directions: `io` is a Writer or a Reader, A is Analysis or const Analysis.
template <class IO, class A, class M, class V> void fields(IO& io, A& a, M& projection, V& explained) {
    io.pod(a.n); io.pod(a.d);
    io.pod(a.duplicates.count); io.vec(a.duplicates.representative); io.vec(a.duplicates.unique);
    io.vec(a.rowToUnique); io.vec(a.uniqueToRow);
    io.pod(a.graph.n); io.pod(a.graph.maxk); io.pod(a.graph.fromPoints);
    io.pod(a.id.id); io.pod(a.id.error); io.pod(a.id.scale); io.pod(a.id.n);
    io.vec(a.id.logMu); io.vec(a.id.y); io.pod(a.id.nFit);
    io.vec(a.idScale.sizes); io.vec(a.idScale.id); io.vec(a.idScale.error); io.vec(a.idScale.scale);
    io.vec(a.grideScale.n1); io.vec(a.grideScale.id); io.vec(a.grideScale.error); io.vec(a.grideScale.scale);
    io.pod(a.density.method); io.vec(a.density.logRho); io.vec(a.density.error); io.vec(a.density.kstar);
    io.pod(a.topography.n); io.vec(a.topography.centres);
    io.vec(a.topography.centreLogRho); io.vec(a.topography.centreError); io.vec(a.topography.labels); io.vec(a.topography.saddles);
    io.pod(a.topography.fallbackAssigned);
    io.pod(a.partition.Z); io.vec(a.partition.labels); io.vec(a.partition.haloLabels);
    io.vec(a.partition.centres); io.vec(a.partition.centreLogRho); io.vec(a.partition.centreError);
    io.vec(a.partition.population); io.vec(a.partition.putativeToFinal); io.vec(a.partition.saddles);
    io.vec(a.curve.z); io.vec(a.curve.nClusters); io.pod(a.curve.exactUpTo);
    io.vec(a.curve.treeParent); io.vec(a.curve.stepOf); io.vec(a.curve.runStart); io.vec(a.curve.runNode);
    io.pod(a.curve.treeSteps);
    io.pod(a.hierarchy.nLeaves); io.vec(a.hierarchy.leafHeight); io.vec(a.hierarchy.merges);
    io.vec(a.hierarchy.leafOrder);
    io.vec(a.decision.delta); io.vec(a.decision.nearestHigher); io.pod(a.decision.beyondMaxk);
    io.pod(a.timings); io.pod(a.graphWarnings);
    io.matrix(projection); io.vec(explained);
}

}  // namespace

void writeAnalysis(wire::Writer& w, const Analysis& a, const Matrix& projection,
                   const std::vector<double>& explainedVariance) {
    w.pod(kMagic);
    fields(w, a, projection, explainedVariance);
    w.pod<std::uint64_t>(a.warnings.size());
    for (const auto& s : a.warnings) w.str(s);
    w.pod(kMagic);
}

void readAnalysis(wire::Reader& r, Analysis& a, Matrix& projection, std::vector<double>& explainedVariance) {
    std::uint32_t magic = 0;
    r.pod(magic);
    if (magic != kMagic) throw Error("not a PeakScope analysis buffer");
    fields(r, a, projection, explainedVariance);
    std::uint64_t nw = 0;
    r.pod(nw);
    if (nw > r.left) throw Error("analysis result buffer is truncated");
    a.warnings.resize(size_t(nw));
    for (auto& s : a.warnings) r.str(s);
    r.pod(magic);
    if (magic != kMagic) throw Error("analysis result buffer has a bad trailer");
}

std::vector<std::uint8_t> encodeAnalysis(const Analysis& a, const Matrix& projection,
                                         const std::vector<double>& explainedVariance) {
    Writer w;
    writeAnalysis(w, a, projection, explainedVariance);
    return std::move(w.out);
}

void decodeAnalysis(const std::uint8_t* data, std::size_t size, Analysis& a, Matrix& projection,
                    std::vector<double>& explainedVariance) {
    Reader r{data, size, "analysis result buffer"};
    readAnalysis(r, a, projection, explainedVariance);
    if (r.left != 0) throw Error("analysis result buffer has a bad trailer");
}

}  // namespace peakscope::web
