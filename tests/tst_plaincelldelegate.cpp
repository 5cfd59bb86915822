// PlainCellDelegate: the quick "surely fits" check never claims room a text does not have, so no
// cell loses its end without an ellipsis; a near miss goes to the full measurement.

#include "plaincelldelegate.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QRandomGenerator>
#include <QTest>

using headroom::ui::PlainCellDelegate;

class TestPlainCellDelegate : public QObject {
    Q_OBJECT
private slots:
    void surelyFits_data();
    void surelyFits();
    void neverClaimsRoomItLacks();
};

void TestPlainCellDelegate::surelyFits_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("slack"); // width = the text's exact width + slack
    QTest::addColumn<bool>("fits");
    QTest::newRow("plenty of room") << QStringLiteral("12,345") << 100.0 << true;
    QTest::newRow("too narrow") << QStringLiteral("a group name that goes on") << -10.0 << false;
    QTest::newRow("exactly as wide: measured properly")
        << QStringLiteral("claude-sonnet") << 0.0 << false;
    QTest::newRow("non-ASCII") << QStringLiteral("≤ 15 s left — 42%") << 100.0 << true;
    QTest::newRow("outside the basic plane") << QStringLiteral("🔥 hot") << 100.0 << false;
    QTest::newRow("empty") << QString() << 2.0 << true;
}

void TestPlainCellDelegate::surelyFits()
{
    QFETCH(QString, text);
    QFETCH(double, slack);
    QFETCH(bool, fits);
    PlainCellDelegate delegate;
    const QFont font = QApplication::font();
    const qreal exact = QFontMetricsF(font).horizontalAdvance(text);
    QCOMPARE(delegate.surelyFits(text, font, exact + slack), fits);
}

void TestPlainCellDelegate::neverClaimsRoomItLacks()
{
    // Random cell texts at random widths: whenever the quick check says "fits", the full
    // measurement agrees.
    PlainCellDelegate delegate;
    QRandomGenerator random(7);
    const QString alphabet = QStringLiteral("0123456789,.%/ abcdefghijklmnopqrstuvwxyzAVTWy-—≤");
    for (const QFont &font : {QApplication::font(), QFont(QApplication::font().family(), 14)}) {
        const QFontMetricsF metrics(font);
        for (int i = 0; i < 2000; ++i) {
            QString text;
            const int length = 1 + int(random.bounded(30));
            for (int c = 0; c < length; ++c) {
                text += alphabet.at(int(random.bounded(alphabet.size())));
            }
            const qreal width = 5 + random.bounded(250.0);
            if (delegate.surelyFits(text, font, width)) {
                QVERIFY2(metrics.horizontalAdvance(text) <= width, qPrintable(text));
            }
        }
    }
}

QTEST_MAIN(TestPlainCellDelegate)
#include "tst_plaincelldelegate.moc"
