using FunctionsMcp.Storage.Tables;

namespace FunctionsMcp.Storage.Tests.Tables;

public sealed class TableFilterTests
{
    [Fact]
    public void Create_TurnsEveryValueIntoItsODataLiteral()
    {
        var id = Guid.Parse("a0b1c2d3-0000-4000-8000-000000000001");
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(10));

        TableFilter filter = TableFilter.Create($"S eq {"O'Brien"} and I eq {7} and L eq {7L} and D eq {2.0} and E eq {1e21} and B eq {true} and T eq {when} and G eq {id} and X eq {new byte[] { 10, 255 }}");

        Assert.Equal(
            "S eq 'O''Brien' and I eq 7 and L eq 7L and D eq 2.0 and E eq 1E+21 and B eq true and T eq datetime'2026-01-01T17:04:05.0000000Z' and G eq guid'a0b1c2d3-0000-4000-8000-000000000001' and X eq X'0AFF'",
            filter.Text);
    }

    [Theory]
    [InlineData("x' or true or 'a", "Name eq 'x'' or true or ''a'")]
    [InlineData("'", "Name eq ''''")]
    public void Create_KeepsQuotesInsideTheLiteral(string value, string expected) =>
        Assert.Equal(expected, TableFilter.Create($"Name eq {value}").Text);

    [Fact]
    public void Create_RefusesNullAndUnsupportedValues()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"Name eq {(string?)null}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"Span eq {TimeSpan.Zero}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"D eq {double.NaN}"));
    }

    [Fact]
    public void AndOr_Parenthesize()
    {
        TableFilter a = TableFilter.PartitionKeyEquals("p");

        Assert.Equal("(PartitionKey eq 'p') and ((A eq 1) or (B eq 2))", a.And(TableFilter.Create($"A eq {1}").Or(TableFilter.Create($"B eq {2}"))).Text);
    }
}
