using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>A hole where people walk (a manhole without its cover, ground caving in) is urgent, as the labelling guide says.</summary>
public sealed class OpeningTests
{
    private static readonly IntakeAnalyzer Analyzer = new(IntakeRules.Default, IntakeModelFile.BuiltIn.Value);

    [Theory]
    [InlineData("有个井盖没了 一个大黑窟窿 好多小孩在边上玩")]
    [InlineData("主干道中间那段有个井盖没了 一个大黑窟窿 刚才一个骑电动车的差点栽进去")]
    [InlineData("南门门口右边的路面塌下去一个坑 还在往下陷 底下能看见水")]
    public void An_open_hole_where_people_walk_is_an_urgent_hazard(string text)
    {
        var problem = Assert.Single(Analyzer.Analyze(text).Problems);

        Assert.True(problem.Urgent);
        Assert.Equal(IntakeCategories.Hazard, problem.Category);
        Assert.Equal(IntakeHazards.Opening, problem.Hazard);
    }

    [Theory]
    [InlineData("南门那个井盖没了的坑物业已经补上了 谢谢")]
    [InlineData("听说主干道有个井盖没了 是不是真的")]
    [InlineData("井盖有点松 踩上去咣当响")]
    public void A_hole_closed_already_asked_about_or_only_loose_is_not_urgent(string text)
    {
        Assert.DoesNotContain(Analyzer.Analyze(text).Problems, p => p.Urgent);
    }
}
