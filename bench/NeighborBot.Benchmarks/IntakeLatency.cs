using System.Diagnostics;
using System.Globalization;
using NeighborBot.Intake;

namespace NeighborBot.Benchmarks;

/// <summary>
/// A quick look without BenchmarkDotNet (a minute instead of ten): every message of <see cref="IntakeTexts.All"/>
/// analysed one at a time and timed alone with a stopwatch, in several rounds after a warm-up, the model's part
/// alone, and the managed memory the model adds (the heap before and after loading it, after full collections).
///   dotnet run -c Release --project bench/NeighborBot.Benchmarks -- intake-latency [rounds]
/// </summary>
internal static class IntakeLatency
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public static int Run(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var model = IntakeModelFile.BuiltIn.Value;
        var added = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(model);

        var texts = IntakeTexts.All();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{texts.Length} messages, {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
        foreach (var (name, analyzer) in new[] { ("rules and model", new IntakeAnalyzer(IntakeRules.Default, model)), ("rules alone", new IntakeAnalyzer(IntakeRules.Default)) })
        {
            // Warm up for several seconds: the JIT recompiles hot methods twice more in the background (instrumented,
            // then optimised with the profile), and three rounds over the messages measured partly unoptimised code.
            var warming = Stopwatch.StartNew();
            while (warming.Elapsed < WarmUp)
            {
                foreach (var text in texts)
                {
                    analyzer.Analyze(text);
                }
            }

            var samples = new double[texts.Length * rounds];
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var n = 0;
            for (var round = 0; round < rounds; round++)
            {
                foreach (var text in texts)
                {
                    var start = Stopwatch.GetTimestamp();
                    analyzer.Analyze(text);
                    samples[n++] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Array.Sort(samples);
            double At(double q) => samples[(int)Math.Min(samples.Length - 1, q * samples.Length)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-16} mean {samples.Average(),6:F1} µs  p50 {At(0.5),6:F1}  p95 {At(0.95),6:F1}  p99 {At(0.99),6:F1}  max {samples[^1],7:F1} µs  allocated {allocated / (double)samples.Length / 1024,5:F1} KB/message"));
        }

        // The model's part alone: its prediction from the rules' reading of each message (read beforehand, untimed).
        var readings = texts.Select(t => new IntakeAnalyzer(IntakeRules.Default).Read(t)).ToList();
        var modelTimes = new double[readings.Count * rounds];
        Span<float> probabilities = stackalloc float[IntakeModel.Labels.Count];
        foreach (var reading in readings)
        {
            model.Predict(reading, reading.Text.Text, probabilities);
        }

        var m = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var reading in readings)
            {
                var start = Stopwatch.GetTimestamp();
                model.Predict(reading, reading.Text.Text, probabilities);
                modelTimes[m++] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        Array.Sort(modelTimes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"model alone",-16} mean {modelTimes.Average(),6:F1} µs  p50 {modelTimes[modelTimes.Length / 2],6:F1}  p95 {modelTimes[(int)(0.95 * modelTimes.Length)],6:F1}  p99 {modelTimes[(int)(0.99 * modelTimes.Length)],6:F1}  max {modelTimes[^1],7:F1} µs"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the model adds {added / 1024.0 / 1024.0:F1} MB of managed memory ({model.Features.Count} features)"));
        return 0;
    }
}
