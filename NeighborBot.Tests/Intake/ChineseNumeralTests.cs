using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

public sealed class ChineseNumeralTests
{
    [Theory]
    [InlineData("3", 3)]
    [InlineData("12", 12)]
    [InlineData("三", 3)]
    [InlineData("十", 10)]
    [InlineData("十二", 12)]
    [InlineData("二十", 20)]
    [InlineData("二十三", 23)]
    [InlineData("一百零五", 105)]
    [InlineData("五零一", 501)]
    [InlineData("两", 2)]
    public void Numbers_are_read_in_arabic_and_chinese_digits(string text, int value)
    {
        Assert.Equal(value, ChineseNumerals.ParseNumber(text));
    }

    [Theory]
    [InlineData("五零一", "501")]
    [InlineData("一二零二", "1202")]
    [InlineData("幺零二", "102")]
    [InlineData("五〇三", "503")]
    [InlineData("五百零一", "501")]
    [InlineData("1202", "1202")]
    public void Rooms_are_read_digit_by_digit(string text, string room)
    {
        Assert.Equal(room, ChineseNumerals.ParseRoom(text));
    }

    [Theory]
    [InlineData("五")]
    [InlineData("零五零")]
    [InlineData("12345")]
    public void What_cannot_be_a_room_is_no_room(string text)
    {
        Assert.Null(ChineseNumerals.ParseRoom(text));
    }
}
