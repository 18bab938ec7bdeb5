using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>
/// The service's fast prediction (packed n-grams, an open-addressing table, a bit set on the stack, rows added eight
/// labels at a time) gives exactly, to the bit, what the trainer's feature vector gives: the thresholds in the model
/// file were chosen on those figures, so a prediction that drifted by one rounding could move a message across one.
/// </summary>
public sealed class IntakeModelArithmeticTests
{
    private static readonly IntakeAnalyzer Rules = new(IntakeRules.Default);

    public static TheoryData<string, bool> Files => new()
    {
        { "train-1.jsonl", false }, { "train-4.jsonl", false }, { LabelledSet.Main, false }, { LabelledSet.Holdout2, false },
        { "train-3.jsonl", true }, { LabelledSet.Holdout, true },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void The_fast_prediction_is_the_trainers_vector_times_the_weights_to_the_bit(string file, bool withRuleFeatures)
    {
        var features = IntakeModelFile.BuiltIn.Value.Features;
        if (withRuleFeatures)
        {
            // What the rules read, as the candidate with rule features has them after its n-grams.
            var keys = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var text in Texts(file))
            {
                IntakeFeatures.Rules(Rules.Read(text), ref keys, static (ref SortedSet<string> set, string key, float value) => set.Add(key));
            }

            features = [.. features, .. keys];
        }

        var model = RandomModel(features, seed: 12);
        var labels = IntakeModel.Labels.Count;
        var actual = new float[labels];
        foreach (var text in Texts(file).Concat(Awkward()))
        {
            var reading = Rules.Read(text);
            var urgent = model.Model.Predict(reading, reading.Text.Text, actual);

            var (expected, expectedUrgent) = Reference(model, reading);
            Assert.True(expected.AsSpan().SequenceEqual(actual) && BitConverter.SingleToInt32Bits(expectedUrgent) == BitConverter.SingleToInt32Bits(urgent),
                $"\"{text}\": [{string.Join(", ", actual)}] {urgent} instead of [{string.Join(", ", expected)}] {expectedUrgent}");
        }
    }

    [Fact]
    public void The_packed_n_grams_are_the_n_grams_the_trainer_counts()
    {
        foreach (var text in Texts("train-2.jsonl").Concat(Awkward()))
        {
            var normalized = IntakeRules.Default.Normalizer.Normalize(text).Text;
            var grams = new List<ulong>();
            IntakeFeatures.Grams(normalized, ref grams, static (ref List<ulong> list, scoped ReadOnlySpan<char> gram) => list.Add(GramTable.Pack(gram)));
            var keys = new ulong[Math.Min(normalized.Length, IntakeFeatures.MaxChars) * IntakeFeatures.MaxGram];
            var count = IntakeFeatures.GramKeys(normalized, keys);

            Assert.Equal(grams.Order(), keys[..count].Order());
        }
    }

    [Fact]
    public void The_table_finds_every_n_gram_of_the_model_and_nothing_else()
    {
        var model = IntakeModelFile.BuiltIn.Value;
        for (var i = 0; i < model.Features.Count; i++)
        {
            Assert.Equal(i, model.IndexOfFeature(model.Features[i]));
        }

        foreach (var unknown in new[] { "\u9fa5\u9fa5", "zzz", "楼楼楼", "\u0001nothing" })
        {
            Assert.Equal(-1, model.IndexOfFeature(unknown));
        }
    }

    [Theory]
    [InlineData(30_000)]
    [InlineData(70_000)]
    public void A_table_finds_what_it_holds_with_narrow_and_wide_slots(int size)
    {
        // Features past 65,535 do not fit a narrow slot; such a table has wide ones.
        var grams = Enumerable.Range(0, size).Select(i => new string([(char)(0x4E00 + (i % 9000)), (char)(0x4E00 + (i / 9000))])).ToList();
        var table = new GramTable([.. grams.Select((g, i) => (GramTable.Pack(g), i + 5))]);

        for (var i = 0; i < size; i += 7)
        {
            Assert.Equal(i + 5, table.IndexOf(GramTable.Pack(grams[i])));
        }

        Assert.Equal(-1, table.IndexOf(GramTable.Pack("楼")));
        Assert.Equal(-1, table.IndexOf(GramTable.Pack(grams[3].AsSpan(0, 1))));
        Assert.Equal(-1, table.IndexOf(GramTable.Pack(grams[3] + "楼")));
    }

    /// <summary>Texts that take the edges: the limit of what the model reads, digits, breaks at both ends, nothing at all.</summary>
    private static IEnumerable<string> Awkward() =>
    [
        string.Empty,
        "。。。",
        "a",
        "3号楼",
        "  电梯  坏了  ",
        string.Concat(Enumerable.Repeat("转发给十个好友 否则家里要倒霉 ", 200)),
        new string('转', 3000) + "三号楼楼道灯坏了",
        string.Concat(Enumerable.Range(0, 500).Select(i => (char)(0x4E00 + (i * 37 % 20000)))),
    ];

    private static IEnumerable<string> Texts(string file) =>
        file.StartsWith("train-", StringComparison.Ordinal)
            ? File.ReadLines(Path.Combine(LabelledSet.DataDirectory, "..", "..", "..", "data", "intake", "corpus", file))
                .Where(l => !string.IsNullOrWhiteSpace(l))
                .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)
            : LabelledSet.Load(file).Select(m => m.Text);

    /// <summary>The figures as the trainer's vector gives them: bias, then each (feature, value) in order, then softmax.</summary>
    private static (float[] Probabilities, float Urgent) Reference(Weighted model, RuleReading reading)
    {
        var labels = IntakeModel.Labels.Count;
        var indices = new int[(Math.Min(reading.Text.Text.Length, IntakeFeatures.MaxChars) * IntakeFeatures.MaxGram) + 64];
        var values = new float[indices.Length];
        var count = model.Model.Featurize(reading, reading.Text.Text, indices, values);

        var scores = (float[])model.Bias.Clone();
        var urgent = model.UrgentBias;
        for (var k = 0; k < count; k++)
        {
            for (var l = 0; l < labels; l++)
            {
                scores[l] += model.Weights[(indices[k] * labels) + l] * values[k];
            }

            urgent += model.UrgentWeights[indices[k]] * values[k];
        }

        var max = scores.Max();
        var sum = 0f;
        for (var l = 0; l < labels; l++)
        {
            scores[l] = MathF.Exp(scores[l] - max);
            sum += scores[l];
        }

        for (var l = 0; l < labels; l++)
        {
            scores[l] /= sum;
        }

        return (scores, 1f / (1f + MathF.Exp(-urgent)));
    }

    /// <summary>The committed model's features with weights of every size and sign, so that the order of the sums shows.</summary>
    private static Weighted RandomModel(IReadOnlyList<string> features, int seed)
    {
        var random = new Random(seed);
        float Next() => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 2)));
        var labels = IntakeModel.Labels.Count;
        var weights = Enumerable.Range(0, features.Count * labels).Select(_ => Next()).ToArray();
        var bias = Enumerable.Range(0, labels).Select(_ => Next()).ToArray();
        var urgentWeights = Enumerable.Range(0, features.Count).Select(_ => Next()).ToArray();
        var urgentBias = Next();
        return new Weighted(new IntakeModel(features, weights, bias, urgentWeights, urgentBias, IntakeModelSettings.Default, "random"), weights, bias, urgentWeights, urgentBias);
    }

    private sealed record Weighted(IntakeModel Model, float[] Weights, float[] Bias, float[] UrgentWeights, float UrgentBias);
}
