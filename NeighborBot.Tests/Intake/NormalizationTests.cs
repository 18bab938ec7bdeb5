using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>What residents type is brought to one plain form before any rule looks at it.</summary>
public sealed class NormalizationTests
{
    private static readonly TextNormalizer Normalizer = IntakeRules.Default.Normalizer;
    private static readonly IntakeAnalyzer Analyzer = new(IntakeRules.Default);

    [Theory]
    [InlineData("３号楼，ＡＢＣ！", "3号楼,abc!")]
    [InlineData("灯💡坏了😭😭", "灯坏了")]
    [InlineData("  楼道   灯\t坏了  ", "楼道 灯 坏了")]
    [InlineData("跟“客服”打电话", "跟客服打电话")]
    [InlineData("好的。谢谢～", "好的.谢谢~")]
    public void Full_width_characters_emoji_and_spaces_are_normalised(string typed, string normalised)
    {
        Assert.Equal(normalised, Normalizer.Normalize(typed).Text);
    }

    [Theory]
    [InlineData("东门的炉灯坏了", "路灯")]
    [InlineData("6号楼楼水了", "漏水")]
    [InlineData("店题又坏了", "电梯")]
    [InlineData("厨房有然气味", "燃气")]
    [InlineData("草地找火了", "着火")]
    [InlineData("停点了", "停电")]
    [InlineData("物叶天天只知道收钱", "物业")]
    public void Voice_input_homophones_are_corrected(string typed, string meant)
    {
        Assert.Contains(meant, Normalizer.Normalize(typed).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("灯怀了好几天", "灯坏了")]
    [InlineData("下水道赌了", "下水道堵")]
    [InlineData("家里天然汽味很大", "天然气")]
    [InlineData("插座漏点了", "漏电了")]
    [InlineData("电线冒火化", "冒火花")]
    [InlineData("他要我的验证马", "验证码")]
    [InlineData("总是跳匝", "跳闸")]
    [InlineData("门进卡刷不开", "门禁卡")]
    public void More_voice_input_homophones_and_typos_are_corrected(string typed, string meant)
    {
        Assert.Contains(meant, Normalizer.Normalize(typed).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3號樓2單元樓道燈壞了", "3号楼2单元楼道灯坏了")]
    [InlineData("電梯裡有人被困", "电梯里有人被困")]
    [InlineData("廚房煤氣味很濃", "厨房煤气味很浓")]
    [InlineData("有人打電話叫我轉賬，說是公安局的", "有人打电话叫我转账,说是公安局的")]
    [InlineData("請問養老金什麼時候發", "请问养老金什么时候发")]
    public void Traditional_characters_are_read_as_simplified(string typed, string simplified)
    {
        Assert.Equal(simplified, Normalizer.Normalize(typed).Text);
    }

    [Fact]
    public void Simplified_text_and_the_characters_both_forms_share_are_left_as_they_are()
    {
        const string text = "3号楼2单元楼道灯坏了 请问养老金什么时候发 我家在东门";

        Assert.Equal(text, Normalizer.Normalize(text).Text);
    }

    [Fact]
    public void A_report_in_traditional_characters_is_understood_as_the_same_report_in_simplified()
    {
        var traditional = new IntakeAnalyzer(IntakeRules.Default, IntakeModelFile.BuiltIn.Value).Analyze("3號樓2單元501廚房煤氣味很大，頭都暈了");
        var simplified = new IntakeAnalyzer(IntakeRules.Default, IntakeModelFile.BuiltIn.Value).Analyze("3号楼2单元501厨房煤气味很大，头都晕了");

        Assert.Equal((simplified.Category, simplified.Urgent, simplified.Location), (traditional.Category, traditional.Urgent, traditional.Location));
        Assert.Equal((IntakeCategories.Hazard, true), (traditional.Category, traditional.Urgent));
        Assert.Equal("3號樓2單元501廚房煤氣味很大，頭都暈了", traditional.Problems[0].Text);   // the problem's words as typed
    }

    [Fact]
    public void A_correction_does_not_cut_through_a_building_number()
    {
        Assert.Equal("3号楼水管坏了", Normalizer.Normalize("3号楼水管坏了").Text);
        Assert.Equal("二楼水管漏了", Normalizer.Normalize("二楼水管漏了").Text);
    }

    [Theory]
    [InlineData("俺家木有水了", "我家没有水了")]
    [InlineData("咋还没人来", "怎么还没人来")]
    [InlineData("恁说这中不中", "你说这行不行")]
    [InlineData("啥时候修", "什么时候修")]
    public void Henan_dialect_is_read_as_mandarin(string typed, string meant)
    {
        Assert.Equal(meant, Normalizer.Normalize(typed).Text);
    }

    [Fact]
    public void Dialect_and_homophones_reach_the_right_category()
    {
        Assert.Equal(IntakeCategories.Repair, Analyzer.Analyze("恁看看俺这水管子咋又漏了 中不中给修修").Category);
        Assert.Equal(IntakeCategories.Environment, Analyzer.Analyze("咦 那垃圾堆哩老高 木人管").Category);
        Assert.Equal(IntakeCategories.Repair, Analyzer.Analyze("电题门关不上").Category);
    }

    [Fact]
    public void The_problem_text_is_the_message_as_typed()
    {
        var result = Analyzer.Analyze("俺家楼道灯💡坏了，还有垃圾一直木人收😡");

        Assert.Equal(["俺家楼道灯💡坏了", "还有垃圾一直木人收😡"], result.Problems.Select(p => p.Text));
    }

    [Fact]
    public void A_very_long_message_is_cut_and_still_understood()
    {
        var text = "楼道灯坏了" + new string('啊', 5000);

        Assert.Equal(IntakeCategories.Repair, Analyzer.Analyze(text).Category);
    }
}
