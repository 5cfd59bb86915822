#include "predict/cascadeprediction.h"

namespace headroom {

bool CascadePrediction::isCascade() const
{
    int fed = 0;
    for (const GroupPrediction &g : groups) {
        if (g.saturatesInSeconds && !g.fedBy.isEmpty()) {
            ++fed;
        }
    }
    return path.size() >= 2 && fed > 0;
}

const GroupPrediction *CascadePrediction::group(const QString &name) const
{
    for (const GroupPrediction &g : groups) {
        if (g.group == name) {
            return &g;
        }
    }
    return nullptr;
}

QString CascadePrediction::summary() const
{
    return {}; // stub until the prediction work lands
}

CascadePrediction predictCascade(const PredictionInput &input)
{
    CascadePrediction out; // stub until the prediction work lands
    out.horizonSeconds = input.horizonSeconds;
    return out;
}

} // namespace headroom
