// The headroom levels' palette is safe for colour-blind operators, and colour is never the only
// signal: every level has its own words, and the level colours stay apart (CIE76 ΔE) as people
// with protanopia, deuteranopia or tritanopia see them (Machado, Oliveira and Fernandes 2009,
// severity 1), not only as the palette's designers do.

#include "analysis/headroomlevel.h"

#include <array>
#include <cmath>
#include <QSet>
#include <QTest>

using namespace headroom;

namespace {

using Rgb = std::array<double, 3>;
using Matrix = std::array<Rgb, 3>;

Rgb fromHex(const QString &name)
{
    const uint value = name.mid(1).toUInt(nullptr, 16);
    return {double((value >> 16) & 0xff) / 255.0, double((value >> 8) & 0xff) / 255.0,
            double(value & 0xff) / 255.0};
}

double linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// Linear RGB through a deficiency's matrix (the simulation works on linear values).
Rgb simulate(const Rgb &srgb, const Matrix &m)
{
    const Rgb lin{linear(srgb[0]), linear(srgb[1]), linear(srgb[2])};
    Rgb out{};
    for (int i = 0; i < 3; ++i) {
        out[i] = std::clamp(m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2], 0.0, 1.0);
    }
    return out;
}

// Linear RGB (sRGB primaries, D65) to CIELAB.
Rgb lab(const Rgb &lin)
{
    const double x = (0.4124 * lin[0] + 0.3576 * lin[1] + 0.1805 * lin[2]) / 0.95047;
    const double y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    const double z = (0.0193 * lin[0] + 0.1192 * lin[1] + 0.9505 * lin[2]) / 1.08883;
    const auto f = [](double t) {
        return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0;
    };
    return {116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
}

double deltaE(const Rgb &a, const Rgb &b)
{
    return std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

const Matrix kIdentity{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
const Matrix kProtanopia{{{0.152286, 1.052583, -0.204868},
                          {0.114503, 0.786281, 0.099216},
                          {-0.003882, -0.048116, 1.051998}}};
const Matrix kDeuteranopia{{{0.367322, 0.860646, -0.227968},
                            {0.280085, 0.672501, 0.047413},
                            {-0.011820, 0.042940, 0.968881}}};
const Matrix kTritanopia{{{1.255528, -0.076749, -0.178779},
                          {-0.078411, 0.930809, 0.147602},
                          {0.004733, 0.691367, 0.303900}}};

const HeadroomLevel kLevels[] = {HeadroomLevel::Unknown, HeadroomLevel::Healthy,
                                 HeadroomLevel::Tight, HeadroomLevel::Critical,
                                 HeadroomLevel::Exhausted};

} // namespace

Q_DECLARE_METATYPE(Matrix)

class TestPalette : public QObject {
    Q_OBJECT
private slots:
    void everyLevelHasItsOwnWords();
    void levelsStayApart_data();
    void levelsStayApart();
};

void TestPalette::everyLevelHasItsOwnWords()
{
    QSet<QString> words;
    for (const HeadroomLevel level : kLevels) {
        const QString text = headroomLevelText(level);
        QVERIFY(!text.trimmed().isEmpty());
        words.insert(text);
    }
    QCOMPARE(words.size(), int(std::size(kLevels)));
}

void TestPalette::levelsStayApart_data()
{
    QTest::addColumn<Matrix>("vision");
    QTest::newRow("typical") << kIdentity;
    QTest::newRow("protanopia") << kProtanopia;
    QTest::newRow("deuteranopia") << kDeuteranopia;
    QTest::newRow("tritanopia") << kTritanopia;
}

// Neighbouring levels are what an operator compares at a glance (tight against critical,
// critical against exhausted): every pair must stay at least ΔE 10 apart, about twice what
// separates two colours a person tells apart side by side without trying.
void TestPalette::levelsStayApart()
{
    QFETCH(Matrix, vision);
    double closest = 1e9;
    QString closestPair;
    for (std::size_t i = 0; i < std::size(kLevels); ++i) {
        for (std::size_t j = i + 1; j < std::size(kLevels); ++j) {
            const Rgb a = lab(simulate(fromHex(headroomLevelColorName(kLevels[i])), vision));
            const Rgb b = lab(simulate(fromHex(headroomLevelColorName(kLevels[j])), vision));
            const double d = deltaE(a, b);
            if (d < closest) {
                closest = d;
                closestPair = headroomLevelText(kLevels[i]) + u'/' + headroomLevelText(kLevels[j]);
            }
        }
    }
    qInfo("closest pair %s: ΔE %.1f", qPrintable(closestPair), closest);
    QVERIFY2(
        closest >= 10,
        qPrintable(QStringLiteral("%1 only ΔE %2 apart").arg(closestPair).arg(closest, 0, 'f', 1)));
}

QTEST_APPLESS_MAIN(TestPalette)
#include "tst_palette.moc"
