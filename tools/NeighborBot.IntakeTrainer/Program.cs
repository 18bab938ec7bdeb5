using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NeighborBot.Intake;
using NeighborBot.IntakeTrainer;

// Builds NeighborBot.Domain/Intake/Model/intake.model from data/intake (see data/intake/README.md and docs/intake.md).
//   dotnet run -c Release --project tools/NeighborBot.IntakeTrainer                 train, choose the thresholds, write the model
//   dotnet run -c Release --project tools/NeighborBot.IntakeTrainer -- check        train again and say whether the committed model is what it gives
//   dotnet run -c Release --project tools/NeighborBot.IntakeTrainer -- compare      cross-validate the candidate learners
//   dotnet run -c Release --project tools/NeighborBot.IntakeTrainer -- evaluate FILE.jsonl [--misses]   score the committed model on a set
var command = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "train";
var root = Paths.Root();
var modelPath = Path.Combine(root, Paths.Model);
var clock = Stopwatch.StartNew();

switch (command)
{
    case "train":
    case "check":
    {
        var (model, report) = Training.Build(root, args.Contains("--misses"));
        Console.WriteLine(report);
        using var buffer = new MemoryStream();
        model.Write(buffer);
        if (command == "check")
        {
            var same = File.Exists(modelPath) && File.ReadAllBytes(modelPath).AsSpan().SequenceEqual(buffer.ToArray());
            Console.WriteLine(same ? $"{Paths.Model} is what the training gives." : $"{Paths.Model} differs from what the training gives: run the trainer and commit the model.");
            Console.Error.WriteLine($"({clock.Elapsed.TotalSeconds:F1} s)");
            return same ? 0 : 1;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
        File.WriteAllBytes(modelPath, buffer.ToArray());
        Console.WriteLine($"wrote {Paths.Model} ({buffer.Length / 1024} KB, {model.Features.Count} features) in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    case "compare":
        Training.Compare(root, Console.WriteLine);
        Console.Error.WriteLine($"({clock.Elapsed.TotalSeconds:F1} s)");
        return 0;

    case "evaluate":
    {
        var file = args.Skip(1).First(a => !a.StartsWith("--", StringComparison.Ordinal));
        using var stream = File.OpenRead(modelPath);
        var analyzer = new IntakeAnalyzer(IntakeRules.Default, IntakeModel.Read(stream));
        var rules = new IntakeAnalyzer(IntakeRules.Default);
        var examples = Corpus.Parse(file, File.ReadAllBytes(file));
        var scorer = new Scorer();
        var rulesOnly = new Scorer();
        foreach (var example in examples)
        {
            scorer.Add(example, analyzer.Analyze(example.Text));
            rulesOnly.Add(example, rules.Analyze(example.Text));
        }

        Console.WriteLine(rulesOnly.Line("rules alone"));
        Console.WriteLine(scorer.Report($"rules and model: {Path.GetFileName(file)}", args.Contains("--misses")));
        return 0;
    }

    case "latency":
    {
        // Time per message (rules and model) over every corpus message, after a warm-up, and the memory the model adds.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        IntakeModel loaded;
        using (var stream = File.OpenRead(modelPath))
        {
            loaded = IntakeModel.Read(stream);
        }

        var analyzer = new IntakeAnalyzer(IntakeRules.Default, loaded);
        var added = GC.GetTotalMemory(forceFullCollection: true) - before;
        var (examples, _, _) = Corpus.Load(Paths.Data.Select(d => Path.Combine(root, d)));
        var texts = examples.Select(e => e.Text).Append(new string('转', 3000) + "三号楼楼道灯坏了").ToList();
        foreach (var text in texts)
        {
            analyzer.Analyze(text);
        }

        foreach (var (name, subject) in new[] { ("rules and model", analyzer), ("rules alone", new IntakeAnalyzer(IntakeRules.Default)) })
        {
            var samples = new List<double>();
            for (var round = 0; round < 5; round++)
            {
                foreach (var text in texts)
                {
                    var start = Stopwatch.GetTimestamp();
                    subject.Analyze(text);
                    samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }

            samples.Sort();
            double At(double q) => samples[(int)Math.Min(samples.Count - 1, q * samples.Count)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {samples.Count} analyses: mean {samples.Average():F1} µs, p50 {At(0.5):F1} µs, p99 {At(0.99):F1} µs, max {samples[^1]:F1} µs"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the model adds {added / 1024.0 / 1024.0:F1} MB managed memory"));
        return 0;
    }

    default:
        Console.Error.WriteLine($"Unknown command {command}: train, check, compare or evaluate FILE.");
        return 2;
}

internal static class Paths
{
    public const string Model = "NeighborBot.Domain/Intake/Model/intake.model";
    public static readonly string[] Data = ["data/intake/corpus", "data/intake/corrections"];

    public static string Root()
    {
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NeighborBot.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Run the trainer inside the repository (no NeighborBot.sln above here).");
    }
}

internal static class Training
{
    public const int Seed = 12;

    /// <summary>The urgent precision the thresholds must keep on validation (the product target is 85 %).</summary>
    private const double UrgentPrecisionFloor = 0.86;

    /// <summary>The learner the model is built with (chosen with <c>compare</c>; see docs/intake.md).</summary>
    public static readonly LearnerOptions Chosen = new("maxent, n-grams", RuleFeatures: false, L2: 0.03f);

    public static (IntakeModel Model, string Report) Build(string root, bool misses = false)
    {
        var (examples, digest, files) = Corpus.Load(Paths.Data.Select(d => Path.Combine(root, d)));
        var prepared = Prepare(examples, words: false);
        var learner = new Learner(Seed);

        var oof = OutOfFold(prepared, learner, Chosen);
        var (settings, tuning) = Tune(prepared, oof);
        var validation = Score(prepared, oof, settings);

        var description = JsonSerializer.Serialize(new
        {
            data = digest,
            files = files.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')),
            examples = examples.Count,
            seed = Seed,
            learner = Chosen,
            settings,
            validation = new
            {
                method = "leave one writer out",
                category = Math.Round(validation.Category, 4),
                categoryAfterAsking = Math.Round(validation.CategoryAfterAsking, 4),
                urgentRecall = Math.Round(validation.UrgentRecall, 4),
                urgentPrecision = Math.Round(validation.UrgentPrecision, 4),
                locationExact = Math.Round(validation.LocationExact, 4),
                askRate = Math.Round(validation.AskRate, 4),
            },
        }, Corpus.Json);
        var model = learner.TrainLinear(prepared, Chosen, settings, description);
        return (model, tuning + "\n" + validation.Report("leave one writer out, chosen thresholds", misses));
    }

    public static void Compare(string root, Action<string> say)
    {
        var (examples, _, _) = Corpus.Load(Paths.Data.Select(d => Path.Combine(root, d)));
        var lines = new Progress(say);
        var learner = new Learner(Seed);
        var plain = Prepare(examples, words: false);

        var rules = new Scorer();
        var analyzer = new IntakeAnalyzer(IntakeRules.Default);
        foreach (var p in plain)
        {
            rules.Add(p.Example, analyzer.Analyze(p.Example.Text));
        }

        lines.Add(rules.Line("rules alone"));

        LearnerOptions[] linear =
        [
            Chosen,
            Chosen with { Name = "maxent, n-grams + rule features", RuleFeatures = true },
            Chosen with { Name = "maxent, n-grams, L2 0.1", L2 = 0.1f },
            Chosen with { Name = "maxent, n-grams, L2 0.3", L2 = 0.3f },
            Chosen with { Name = "maxent, n-grams, L2 1 L1 1 (ML.NET default)", L2 = 1f, L1 = 1f },
            Chosen with { Name = "maxent, n-grams seen once too", MinCount = 1 },
            Chosen with { Name = "sdca maxent, n-grams", Algorithm = "sdca" },
        ];
        foreach (var options in linear)
        {
            var clock = Stopwatch.StartNew();
            var oof = OutOfFold(plain, learner, options);
            var (settings, _) = Tune(plain, oof);
            lines.Add(Score(plain, oof, settings).Line(options.Name) + $"  ({clock.Elapsed.TotalSeconds:F0} s)");
        }

        var withWords = Prepare(examples, words: true);
        {
            var options = Chosen with { Name = "maxent, n-grams + jieba words", Words = true };
            var oof = OutOfFold(withWords, learner, options);
            var (settings, _) = Tune(withWords, oof);
            lines.Add(Score(withWords, oof, settings).Line(options.Name));
        }

        lines.Add(CategoryOnly("LightGBM, n-grams", plain, (train, test) => learner.PredictTrees(train, test, Chosen)));
        lines.Add(CategoryOnly("ML.NET FeaturizeText + SDCA", plain, learner.PredictStock));
        lines.Add("(tree and stock models: category only, the label's argmax, no rules, no asking)");
    }

    private sealed class Progress(Action<string> say)
    {
        public void Add(string line) => say(line);
    }

    private static string CategoryOnly(string name, List<Prepared> all, Func<List<Prepared>, List<Prepared>, List<float[]>> predict)
    {
        var clock = Stopwatch.StartNew();
        var right = 0;
        foreach (var (train, test) in Folds(all))
        {
            var scores = predict(train, test);
            for (var i = 0; i < test.Count; i++)
            {
                right += Array.IndexOf(scores[i], scores[i].Max()) == test[i].Label ? 1 : 0;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{name,-34} n={all.Count,5}  category {(double)right / all.Count,7:P1}  ({clock.Elapsed.TotalSeconds:F0} s)");
    }

    /// <summary>Each writer's file is held out once; corrections from staff are always trained on.</summary>
    private static IEnumerable<(List<Prepared> Train, List<Prepared> Test)> Folds(List<Prepared> all)
    {
        foreach (var writer in all.Select(p => p.Example.Source).Where(s => s.StartsWith("train-", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal))
        {
            yield return ([.. all.Where(p => p.Example.Source != writer)], [.. all.Where(p => p.Example.Source == writer)]);
        }
    }

    private static List<Prepared> Prepare(List<Example> examples, bool words)
    {
        var analyzer = new IntakeAnalyzer(IntakeRules.Default);
        var segmenter = words ? new Words() : null;
        return [.. examples.Select(e =>
        {
            var reading = analyzer.Read(e.Text);
            var label = IntakeModel.Labels.ToList().IndexOf(e.Category);
            return new Prepared(e, reading, label, segmenter?.Cut(reading.Text.Text));
        })];
    }

    /// <summary>Out-of-fold model outputs: for every message, the probabilities of a model that never saw its writer.</summary>
    private static Dictionary<Prepared, (float[] Probabilities, float Urgent)> OutOfFold(List<Prepared> all, Learner learner, LearnerOptions options)
    {
        var outputs = new Dictionary<Prepared, (float[], float)>();
        foreach (var (train, test) in Folds(all))
        {
            var model = learner.TrainLinear(train, options, IntakeModelSettings.Default, string.Empty);
            foreach (var item in test)
            {
                var probabilities = new float[IntakeModel.Labels.Count];
                var urgent = options.Words
                    ? PredictWithWords(model, item, probabilities)
                    : model.Predict(item.Reading, item.Reading.Text.Text, probabilities);
                outputs[item] = (probabilities, urgent);
            }
        }

        return outputs;
    }

    private static float PredictWithWords(IntakeModel model, Prepared item, float[] probabilities)
    {
        // Only the candidate with words needs this path: the service featurizer has no words.
        var index = model.Features.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i, StringComparer.Ordinal);
        var vector = Learner.Vector(item, index);
        var weights = typeof(IntakeModel).GetField("_weights", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(model) as float[];
        var bias = typeof(IntakeModel).GetField("_bias", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(model) as float[];
        var labels = probabilities.Length;
        for (var l = 0; l < labels; l++)
        {
            probabilities[l] = bias![l];
        }

        foreach (var (i, v) in vector.Items())
        {
            for (var l = 0; l < labels; l++)
            {
                probabilities[l] += weights![(i * labels) + l] * v;
            }
        }

        var max = probabilities.Max();
        var sum = 0f;
        for (var l = 0; l < labels; l++)
        {
            probabilities[l] = MathF.Exp(probabilities[l] - max);
            sum += probabilities[l];
        }

        for (var l = 0; l < labels; l++)
        {
            probabilities[l] /= sum;
        }

        return 0f;
    }

    private static Scorer Score(List<Prepared> all, Dictionary<Prepared, (float[] Probabilities, float Urgent)> oof, IntakeModelSettings settings)
    {
        var scorer = new Scorer();
        foreach (var item in all.Where(oof.ContainsKey))
        {
            var (p, u) = oof[item];
            scorer.Add(item.Example, IntakeCombiner.Combine(item.Reading, p, u, settings));
        }

        return scorer;
    }

    /// <summary>
    /// The thresholds that join the model to the rules, chosen on out-of-fold outputs: first whether a message is a
    /// ticket (best category accuracy), then urgency (best recall with a precision of at least 86 %), then the
    /// question (the widest margin that asks about at most 8 % of the messages, leaving room below the goal of 10 %).
    /// </summary>
    private static (IntakeModelSettings Settings, string Report) Tune(List<Prepared> all, Dictionary<Prepared, (float[] Probabilities, float Urgent)> oof)
    {
        float[] grid = [0.3f, 0.35f, 0.4f, 0.45f, 0.5f, 0.55f, 0.6f, 0.65f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f];
        var settings = IntakeModelSettings.Default with { AskMargin = 0 };
        var best = double.MinValue;
        foreach (var otherOn in grid)
        {
            foreach (var ticketOn in grid)
            {
                var s = settings with { OtherOn = otherOn, TicketOn = ticketOn };
                var category = Score(all, oof, s).Category;
                if (category > best + 1e-9)
                {
                    (best, settings) = (category, s);
                }
            }
        }

        float[] urgentOn = [0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f, 1.01f];
        float[] urgentVeto = [0f, 0.02f, 0.05f, 0.1f, 0.15f, 0.2f, 0.3f];
        var chosen = settings;
        var (bestRecall, bestPrecision) = (-1.0, -1.0);
        foreach (var on in urgentOn)
        {
            foreach (var veto in urgentVeto)
            {
                var s = settings with { UrgentOn = on, UrgentVeto = veto };
                var score = Score(all, oof, s);
                var (recall, precision) = (score.UrgentRecall, score.UrgentPrecision);
                if (precision >= UrgentPrecisionFloor && (recall > bestRecall + 1e-9 || (Math.Abs(recall - bestRecall) < 1e-9 && precision > bestPrecision)))
                {
                    (bestRecall, bestPrecision, chosen) = (recall, precision, s);
                }
            }
        }

        settings = chosen;
        foreach (var margin in new[] { 0.3f, 0.25f, 0.2f, 0.18f, 0.16f, 0.14f, 0.12f, 0.1f, 0.08f, 0.06f, 0.05f, 0.04f, 0.03f, 0.02f, 0.01f, 0f })
        {
            var s = settings with { AskMargin = margin };
            if (Score(all, oof, s).AskRate <= 0.08)
            {
                settings = s;
                break;
            }
        }

        return (settings, $"thresholds: {JsonSerializer.Serialize(settings, Corpus.Json)}");
    }
}

/// <summary>jieba.NET words, for the candidate that adds them (the service does not segment).</summary>
internal sealed class Words
{
    private readonly JiebaNet.Segmenter.JiebaSegmenter _segmenter;

    public Words()
    {
        JiebaNet.Segmenter.ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "Resources");
        _segmenter = new JiebaNet.Segmenter.JiebaSegmenter();
    }

    public string[] Cut(string text) =>
        [.. _segmenter.Cut(text.Length > IntakeFeatures.MaxChars ? text[..IntakeFeatures.MaxChars] : text).Where(w => w.Length >= 2 && !w.Any(c => c is ' ' or ',' or '.'))];
}
