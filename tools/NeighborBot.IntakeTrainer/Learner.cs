using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using NeighborBot.Intake;

namespace NeighborBot.IntakeTrainer;

/// <summary>A message ready for learning: its label, and what the rules read of it (computed once).</summary>
internal sealed record Prepared(Example Example, RuleReading Reading, int Label, string[]? Words);

/// <summary>How a candidate learns.</summary>
internal sealed record LearnerOptions(
    string Name,
    string Algorithm = "maxent",
    bool RuleFeatures = true,
    bool Words = false,
    int MinCount = 2,
    float L2 = 0.1f,
    float L1 = 0.01f,
    float UrgentL2 = 0.1f,
    float UrgentL1 = 0.01f);

/// <summary>Trains the multiclass and the urgent model with ML.NET and turns them into an <see cref="IntakeModel"/>.</summary>
internal sealed class Learner(int seed)
{
    private const string WordMark = "\u0002";

    /// <summary>The vocabulary of a training set: n-grams seen in at least MinCount messages, and every rule feature seen.</summary>
    public static List<string> Vocabulary(IReadOnlyList<Prepared> train, LearnerOptions options)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var rules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in train)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            IntakeFeatures.Grams(item.Reading.Text.Text, ref seen, static (ref HashSet<string> s, scoped ReadOnlySpan<char> g) => s.Add(g.ToString()));
            foreach (var word in item.Words ?? [])
            {
                seen.Add(WordMark + word);
            }

            foreach (var gram in seen)
            {
                counts[gram] = counts.GetValueOrDefault(gram) + 1;
            }

            if (options.RuleFeatures)
            {
                IntakeFeatures.Rules(item.Reading, ref rules, static (ref SortedSet<string> s, string key, float value) => s.Add(key));
            }
        }

        return [.. counts.Where(c => c.Value >= options.MinCount).Select(c => c.Key).Order(StringComparer.Ordinal), .. rules];
    }

    /// <summary>The feature vector of a message over a vocabulary, as the service computes it (plus words, for the candidate that uses them).</summary>
    public static VBuffer<float> Vector(Prepared item, Dictionary<string, int> vocabulary)
    {
        var lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        var capacity = (Math.Min(item.Reading.Text.Text.Length, IntakeFeatures.MaxChars) * IntakeFeatures.MaxGram) + 64;
        var indices = new int[capacity];
        var values = new float[capacity];
        var count = IntakeModel.Featurize(item.Reading, item.Reading.Text.Text, indices, values, key => lookup.TryGetValue(key, out var i) ? i : -1);
        var pairs = new SortedDictionary<int, float>();
        for (var k = 0; k < count; k++)
        {
            pairs[indices[k]] = values[k];
        }

        if (item.Words is { Length: > 0 } words)
        {
            var known = words.Distinct().Select(w => vocabulary.GetValueOrDefault(WordMark + w, -1)).Where(i => i >= 0).ToList();
            foreach (var i in known)
            {
                pairs[i] = 1f / MathF.Sqrt(known.Count);
            }
        }

        return new VBuffer<float>(vocabulary.Count, pairs.Count, [.. pairs.Values], [.. pairs.Keys]);
    }

    /// <summary>A linear model (maximum entropy for the label, logistic regression for urgency) as the service will run it.</summary>
    public IntakeModel TrainLinear(IReadOnlyList<Prepared> train, LearnerOptions options, IntakeModelSettings settings, string description)
    {
        var features = Vocabulary(train, options);
        var index = features.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i, StringComparer.Ordinal);
        var ml = new MLContext(seed);
        var data = Load(ml, train, index);

        var multiclass = options.Algorithm switch
        {
            "maxent" => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                L2Regularization = options.L2,
                L1Regularization = options.L1,
                NumberOfThreads = 1,
                OptimizationTolerance = 1e-6f,
                MaximumNumberOfIterations = 400,
            }).Fit(data).Model,
            "sdca" => (MaximumEntropyModelParameters)ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                L2Regularization = options.L2,
                L1Regularization = options.L1,
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 50,
            }).Fit(data).Model,
            _ => throw new ArgumentException($"{options.Algorithm} is not linear."),
        };

        VBuffer<float>[] classWeights = [];
        multiclass.GetWeights(ref classWeights, out var classes);
        if (classes != IntakeModel.Labels.Count)
        {
            throw new InvalidOperationException($"The model has {classes} classes, not {IntakeModel.Labels.Count}.");
        }

        var weights = new float[features.Count * classes];
        for (var c = 0; c < classes; c++)
        {
            foreach (var (i, w) in classWeights[c].Items())
            {
                weights[(i * classes) + c] = w;
            }
        }

        var bias = multiclass.GetBiases().ToArray();

        var urgent = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = "Urgent",
            L2Regularization = options.UrgentL2,
            L1Regularization = options.UrgentL1,
            NumberOfThreads = 1,
            OptimizationTolerance = 1e-6f,
            MaximumNumberOfIterations = 400,
        }).Fit(data).Model.SubModel;
        var urgentWeights = urgent.Weights.ToArray();
        return new IntakeModel(features, weights, bias, urgentWeights, urgent.Bias, settings, description);
    }

    /// <summary>For comparison only: a tree ensemble's label probabilities on the test messages (no urgency).</summary>
    public List<float[]> PredictTrees(IReadOnlyList<Prepared> train, IReadOnlyList<Prepared> test, LearnerOptions options)
    {
        var features = Vocabulary(train, options);
        var index = features.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i, StringComparer.Ordinal);
        var ml = new MLContext(seed);
        var data = Load(ml, train, index);
        var model = ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            NumberOfIterations = 300,
            LearningRate = 0.1,
            NumberOfLeaves = 31,
            MinimumExampleCountPerLeaf = 5,
            NumberOfThreads = 1,
            Seed = seed,
            Silent = true,
        }).Fit(data);
        var scored = model.Transform(Load(ml, test, index));
        return [.. ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).Select(s => s.Score)];
    }

    /// <summary>For comparison only: ML.NET's own text featurizer (words and character n-grams) with SDCA.</summary>
    public List<float[]> PredictStock(IReadOnlyList<Prepared> train, IReadOnlyList<Prepared> test)
    {
        var ml = new MLContext(seed);
        var pipeline = ml.Transforms.Text.FeaturizeText("Features", new Microsoft.ML.Transforms.Text.TextFeaturizingEstimator.Options
        {
            CharFeatureExtractor = new Microsoft.ML.Transforms.Text.WordBagEstimator.Options { NgramLength = 3, UseAllLengths = true },
            WordFeatureExtractor = new Microsoft.ML.Transforms.Text.WordBagEstimator.Options { NgramLength = 1 },
        }, "Text")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 }));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(train.Select(TextRow), TextSchema()));
        var scored = model.Transform(ml.Data.LoadFromEnumerable(test.Select(TextRow), TextSchema()));
        return [.. ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).Select(s => s.Score)];
    }

    private static IDataView Load(MLContext ml, IReadOnlyList<Prepared> items, Dictionary<string, int> index)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, index.Count);
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), IntakeModel.Labels.Count);
        var rows = items.Select(item => new Row { Features = Vector(item, index), Label = (uint)item.Label, Urgent = item.Example.Urgent }).ToList();
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    private static TextRowData TextRow(Prepared p) => new() { Text = p.Reading.Text.Text, Label = (uint)p.Label };

    private static SchemaDefinition TextSchema()
    {
        var schema = SchemaDefinition.Create(typeof(TextRowData));
        schema[nameof(TextRowData.Label)].ColumnType = new KeyDataViewType(typeof(uint), IntakeModel.Labels.Count);
        return schema;
    }

    private sealed class Row
    {
        public VBuffer<float> Features { get; set; }
        public uint Label { get; set; }
        public bool Urgent { get; set; }
    }

    private sealed class TextRowData
    {
        public string Text { get; set; } = string.Empty;
        public uint Label { get; set; }
    }

    private sealed class Scored
    {
        public float[] Score { get; set; } = [];
    }
}
