// The page ⇄ worker messages (see messages.hpp): a tag byte (the variant's index), the fields in one
// order, and a trailer tag; one field list per message serves both directions.
#include "protocol/messages.hpp"

#include "protocol/result_codec.hpp"
#include "protocol/wire.hpp"

#include <type_traits>
#include <utility>

namespace peakscope::web::protocol {
namespace {

constexpr std::uint8_t kToWorker = 0x57, kToPage = 0x50;  // 'W', 'P'
constexpr std::uint32_t kEnd = 0x454e4421;               // "END!"

void pairs(wire::Writer& w, const Pairs& p) {
    w.pod<std::uint64_t>(p.size());
    for (const auto& [k, v] : p) { w.str(k); w.str(v); }
}
void pairs(wire::Reader& r, Pairs& p) {
    std::uint64_t n = 0;
    r.pod(n);
    if (n > r.left / 16) throw Error("message is truncated");
    p.resize(size_t(n));
    for (auto& [k, v] : p) { r.str(k); r.str(v); }
}

// Field lists, one per message, for both directions (io is a wire::Writer or a wire::Reader).
#define PS_FIELDS(Type, body)                                                   \
    void fields(wire::Writer& io, const Type& m) { body }                       \
    void fields(wire::Reader& io, Type& m) { body }

PS_FIELDS(Load, io.pod(m.job); io.pod(m.version); io.pod(m.keep); io.str(m.generator); io.pod(m.n);
          io.pod(m.noise); io.pod(m.seed); io.pod(m.dim); io.str(m.fileName); io.pod(m.labelColumn);
          io.str(m.labelName);)
PS_FIELDS(Analyze, io.pod(m.job); io.pod(m.version); pairs(io, m.params);)
PS_FIELDS(LayersFile, io.str(m.key); io.str(m.name);)
PS_FIELDS(LayersDrop, io.str(m.key);)
PS_FIELDS(LayersWarmup, (void)io; (void)m;)
PS_FIELDS(LayersLabels, io.pod(m.set); io.vec(m.labels); io.vec(m.macro);)
PS_FIELDS(LayersAnalyze, io.pod(m.job); io.pod(m.set); io.pod(m.slot); io.pod(m.ref); io.str(m.key);
          io.str(m.dist); io.str(m.index); io.str(m.act); io.pod(m.scale); pairs(io, m.params);)
PS_FIELDS(Progress, io.pod(m.job); io.str(m.stage); io.pod(m.fraction);)
PS_FIELDS(Failed, io.pod(m.job); io.str(m.key); io.str(m.message); io.pod(m.workerLost);)
PS_FIELDS(Table, io.pod(m.job); io.pod(m.version); io.pod(m.n); io.pod(m.d); io.vec(m.labels);
          io.strs(m.labelNames); io.str(m.info); io.strs(m.columns); io.pod(m.labelColumn);
          io.str(m.notice);)
PS_FIELDS(LayersFileInfo, io.str(m.key); io.str(m.listing); io.vec(m.labels);)
PS_FIELDS(PoolPoints, io.pod(m.set); io.pod(m.n); io.pod(m.d); io.vec(m.values);)
PS_FIELDS(PoolNeighbours, io.pod(m.job); io.pod(m.set); io.pod(m.maxk); io.pod(m.method); io.pod(m.begin);
          io.pod(m.end);)
PS_FIELDS(PoolDensity, io.pod(m.job); io.pod(m.begin); io.pod(m.n); io.pod(m.width); io.pod(m.id); io.pod(m.logUnit);
          io.vec(m.kstar); io.vec(m.distances);)
PS_FIELDS(PoolRows, io.pod(m.job); io.pod(m.rows.begin); io.pod(m.rows.maxk); io.vec(m.rows.points);
          io.vec(m.rows.distances); io.vec(m.rows.indices);)
PS_FIELDS(PoolDensityRows, io.pod(m.job); io.pod(m.begin); io.vec(m.logRho); io.vec(m.error);)
#undef PS_FIELDS

// The two messages that carry an Analysis: decoded once, here, into an immutable shared result.
const Analysis& orEmpty(const std::shared_ptr<const Analysis>& a) {
    static const Analysis empty;
    return a ? *a : empty;
}
void fields(wire::Writer& io, const Result& m) {
    io.pod(m.job);
    writeAnalysis(io, orEmpty(m.analysis), m.projection, m.explained);
}
void fields(wire::Reader& io, Result& m) {
    io.pod(m.job);
    auto a = std::make_shared<Analysis>();
    readAnalysis(io, *a, m.projection, m.explained);
    m.analysis = std::move(a);
}
void fields(wire::Writer& io, const LayersResult& m) {
    io.pod(m.job); io.pod(m.slot); io.pod(m.maxk); io.pod(m.chiLabels); io.pod(m.chiMacro); io.pod(m.chiOutput);
    io.pod(m.graphMs); io.pod(m.ms);
    writeAnalysis(io, orEmpty(m.analysis), Matrix{}, {});
}
void fields(wire::Reader& io, LayersResult& m) {
    io.pod(m.job); io.pod(m.slot); io.pod(m.maxk); io.pod(m.chiLabels); io.pod(m.chiMacro); io.pod(m.chiOutput);
    io.pod(m.graphMs); io.pod(m.ms);
    auto a = std::make_shared<Analysis>();
    Matrix projection;
    std::vector<double> explained;
    readAnalysis(io, *a, projection, explained);
    m.analysis = std::move(a);
}

template <class Variant> std::vector<std::uint8_t> encodeAny(const Variant& m, std::uint8_t direction) {
    wire::Writer w;
    w.pod(direction);
    w.pod(std::uint8_t(m.index()));
    std::visit([&](const auto& x) { fields(w, x); }, m);
    w.pod(kEnd);
    return std::move(w.out);
}

// Default-constructs alternative `i` of the variant (i < its size).
template <class Variant, std::size_t... I>
Variant make(std::size_t i, std::index_sequence<I...>) {
    Variant v;
    ((i == I ? (void)v.template emplace<I>() : (void)0), ...);
    return v;
}

template <class Variant> Variant decodeAny(const std::uint8_t* data, std::size_t size, std::uint8_t direction) {
    wire::Reader r{data, size, "message"};
    std::uint8_t dir = 0, tag = 0;
    r.pod(dir);
    r.pod(tag);
    constexpr std::size_t n = std::variant_size_v<Variant>;
    if (dir != direction || tag >= n) throw Error("not a PeakScope message");
    Variant v = make<Variant>(tag, std::make_index_sequence<n>{});
    std::visit([&](auto& x) { fields(r, x); }, v);
    std::uint32_t end = 0;
    r.pod(end);
    if (end != kEnd || r.left != 0) throw Error("message has a bad trailer");
    return v;
}

}  // namespace

std::vector<std::uint8_t> encode(const ToWorker& m) { return encodeAny(m, kToWorker); }
std::vector<std::uint8_t> encode(const ToPage& m) { return encodeAny(m, kToPage); }
ToWorker decodeToWorker(const std::uint8_t* data, std::size_t size) { return decodeAny<ToWorker>(data, size, kToWorker); }
ToPage decodeToPage(const std::uint8_t* data, std::size_t size) { return decodeAny<ToPage>(data, size, kToPage); }

}  // namespace peakscope::web::protocol
