// Sentences Tutorial 1 shows about the data and the result, computed from what is loaded (issue 10:
// every sentence a student reads is computed from, or checked against, the numbers on screen).
// Pure C++ (no ImGui, no EM_JS): tested natively in tests/web/logic/test_peaks_text.cpp.
//   zRangeFor         where on the merge curve a number of peaks holds ("2 peaks for Z from 2.71 to 4.05")
//   expectedPeaks     the peaks a generator's lesson speaks of (5 Gaussians, 2 moons, …), 0 = none
//   dataDescription   the data panel's text for the data on screen (generator lesson or the file)
//   dataSentence      tutorial step 1's first sentence, for the data on screen
//   colourSentence    what the colours of the points plot show
//   truthLegend       the ground truth's classes by name (legend of the points plot, hover)
//   idSentence        tutorial step 2's reading of the TwoNN fit: the slope (ID ± error) and D
//   maxkHelp          what maxk = −1 means, with the number it stands for
//   resultSummary     the live region's sentence ("5 peaks at Z = 1.65 …", ID ± error, estimator)
//   resultTablesHtml  the peaks and saddles tables at Z as HTML (the accessible text layer)
// Example: text::dataDescription(s.data, s.results.analysis.get());
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "kit/palette.hpp"
#include "parts/peaks/peaks_state.hpp"

namespace peakscope::web::text {

std::string zRangeFor(const MergeCurve& curve, Index peaks);
int expectedPeaks(const std::string& generator);
std::string dataDescription(const Dataset& data, const Analysis* analysis);
std::string dataSentence(const Dataset& data);
std::string colourSentence(ColourBy colour, Index peaks, double Z, bool hasTruth);
std::string idSentence(const Analysis& analysis);
// The ground truth's classes for a legend: (class k, "setosa" or "class k") in class order, at most
// `maxEntries` (then (−2, "… and N more classes")), and (−1, "noise") when some rows are −1.
std::vector<std::pair<int, std::string>> truthLegend(const Dataset& data, size_t maxEntries = 12);
std::string truthName(const Dataset& data, int cls);  // "setosa" / "class 3" / "noise" (−1)
std::string maxkHelp(int maxk, Index points);
std::string estimatorText(const Settings& settings);  // "kNN (k = 16)", "k*-NN", "PAk"
// Empty without a result. Uses s.z (the merge at Z), s.results and s.settings.
std::string resultSummary(const PeaksState& s);
// <table>s with captions and header cells; `styles` (may be empty): the peaks' colours and shapes
// on screen. At most maxRows rows per table (a last row says how many are left out).
std::string resultTablesHtml(const PeaksState& s, const std::vector<palette::PeakStyle>& styles, size_t maxRows = 200);

}  // namespace peakscope::web::text
