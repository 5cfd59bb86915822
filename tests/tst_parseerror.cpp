// ParseError: positions and the one-line text shown to operators.

#include "formats/parseerror.h"

#include <QTest>

using headroom::ParseError;

class TestParseError : public QObject {
    Q_OBJECT
private slots:
    void locate_data();
    void locate();
    void toStringNamesKindPlaceAndPath();
    void toStringWithoutPosition();
};

void TestParseError::locate_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    QTest::newRow("start") << QByteArray("abc") << qint64(0) << 1 << 1;
    QTest::newRow("first line") << QByteArray("abc\ndef") << qint64(2) << 1 << 3;
    QTest::newRow("at newline") << QByteArray("abc\ndef") << qint64(3) << 1 << 4;
    QTest::newRow("second line") << QByteArray("abc\ndef") << qint64(5) << 2 << 2;
    QTest::newRow("third line start") << QByteArray("a\nb\nc") << qint64(4) << 3 << 1;
    QTest::newRow("past end clamps") << QByteArray("a\nb") << qint64(99) << 2 << 2;
}

void TestParseError::locate()
{
    QFETCH(QByteArray, input);
    QFETCH(qint64, offset);
    QFETCH(int, line);
    QFETCH(int, column);

    ParseError error;
    error.offset = offset;
    error.locate(std::string_view(input.constData(), std::size_t(input.size())));
    QCOMPARE(error.line, line);
    QCOMPARE(error.column, column);
}

void TestParseError::toStringNamesKindPlaceAndPath()
{
    ParseError error;
    error.kind = ParseError::Kind::WrongType;
    error.line = 3;
    error.column = 7;
    error.path = QStringLiteral("/data/0/model_name");
    error.message = QStringLiteral("expected a string, found number");
    QCOMPARE(error.toString(),
             QStringLiteral("wrong type at line 3, column 7 (/data/0/model_name): "
                            "expected a string, found number"));
}

void TestParseError::toStringWithoutPosition()
{
    ParseError error;
    error.kind = ParseError::Kind::TooLarge;
    error.message = QStringLiteral("body of 10 bytes is over the 5-byte limit");
    QCOMPARE(error.toString(),
             QStringLiteral("input too large: body of 10 bytes is over the 5-byte limit"));
    error.offset = 12;
    QVERIFY(error.toString().contains(QStringLiteral("at byte 12")));
}

QTEST_APPLESS_MAIN(TestParseError)
#include "tst_parseerror.moc"
