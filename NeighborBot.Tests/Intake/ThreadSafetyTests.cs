using NeighborBot.Conversations;
using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>One analyzer serves every webhook request at once.</summary>
public sealed class ThreadSafetyTests
{
    [Fact]
    public void One_analyzer_gives_the_same_answers_from_many_threads()
    {
        var analyzer = new IntakeAnalyzer(IntakeRules.Default);
        var texts = LabelledSet.Load(LabelledSet.Main).Select(m => m.Text).ToArray();
        var expected = texts.Select(Describe).ToArray();

        var actual = new string[texts.Length * 8];
        Parallel.For(0, actual.Length, i => actual[i] = Describe(texts[i % texts.Length]));

        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i % texts.Length], actual[i]);
        }

        string Describe(string text)
        {
            var r = analyzer.Analyze(text);
            return $"{r.Intent} {string.Join('+', r.Problems.Select(p => $"{p.Category}/{p.Hazard}/{p.Location}/{p.Text}"))} {r.Location}";
        }
    }
}
