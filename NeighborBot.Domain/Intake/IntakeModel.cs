using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace NeighborBot.Intake;

/// <summary>
/// The learned part of intake: a linear model over <see cref="IntakeFeatures"/> that gives, for a message, the
/// probability of each label (the eight categories and <c>other</c>) and the probability that it is urgent.
/// Trained by <c>tools/NeighborBot.IntakeTrainer</c> (ML.NET, L-BFGS maximum entropy and logistic regression) and
/// stored in a small file of its own (<see cref="Write"/>, <see cref="Read"/>), so the service needs no ML library to
/// use it. Immutable and thread-safe.
/// </summary>
public sealed class IntakeModel
{
    /// <summary>The labels the model gives probabilities for, in this order: the categories, then other.</summary>
    public static IReadOnlyList<string> Labels { get; } = [.. IntakeCategories.All, IntakeCategories.Other];

    private const string Magic = "NBIM";
    private const int FormatVersion = 1;

    private readonly GramTable _grams;                 // the 1- to 3-grams, by their characters packed in a number
    private readonly Dictionary<string, int> _others;   // every other feature (rule features), by name
    private readonly float[] _weights;       // feature-major: [feature * Labels.Count + label]
    private readonly float[] _bias;
    private readonly float[] _urgentWeights;
    private readonly float _urgentBias;
    private readonly float[] _rows;          // the same, feature-major with the urgent weight after the labels': [feature * _stride + label]
    private readonly int _stride;            // Labels.Count + 1

    /// <summary>The set of features a message has is a bit per feature on the stack up to this many words (16 KB).</summary>
    private const int MaxStackWords = 2048;

    /// <summary>Whether the model was trained with rule features.</summary>
    private readonly bool _usesRules;

    /// <param name="features">The feature names in the order of their weights.</param>
    /// <param name="weights">Label weights, feature-major (<c>features.Count * Labels.Count</c> values).</param>
    public IntakeModel(
        IReadOnlyList<string> features, float[] weights, float[] bias, float[] urgentWeights, float urgentBias, IntakeModelSettings settings, string description)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(urgentWeights);
        ArgumentNullException.ThrowIfNull(settings);
        if (weights.Length != features.Count * Labels.Count || bias.Length != Labels.Count || urgentWeights.Length != features.Count)
        {
            throw new ArgumentException("The weights do not fit the features and labels.", nameof(weights));
        }

        var grams = new List<(ulong Key, int Index)>(features.Count);
        _others = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            if (GramTable.TryPack(features[i], out var key))
            {
                grams.Add((key, i));
            }
            else if (!_others.TryAdd(features[i], i))
            {
                throw new ArgumentException($"The feature \"{features[i]}\" is named twice.", nameof(features));
            }
        }

        _grams = new GramTable(grams);
        _usesRules = _others.Keys.Any(f => f.Length > 0 && f[0] == IntakeFeatures.RuleMark);
        _weights = weights;
        _bias = bias;
        _urgentWeights = urgentWeights;
        _urgentBias = urgentBias;
        _stride = Labels.Count + 1;
        _rows = new float[features.Count * _stride];
        for (var f = 0; f < features.Count; f++)
        {
            weights.AsSpan(f * Labels.Count, Labels.Count).CopyTo(_rows.AsSpan(f * _stride));
            _rows[(f * _stride) + Labels.Count] = urgentWeights[f];
        }

        Features = features;
        Settings = settings;
        Description = description ?? string.Empty;
    }

    public IReadOnlyList<string> Features { get; }

    /// <summary>How the model's figures are combined with the rules (thresholds chosen by cross-validation when it was trained).</summary>
    public IntakeModelSettings Settings { get; }

    /// <summary>What it was trained on and how (JSON written by the trainer: data digest, seed, options, validation figures).</summary>
    public string Description { get; }

    /// <summary>
    /// Fills <paramref name="probabilities"/> (one per <see cref="Labels"/>) and returns the probability that the message is urgent.
    /// </summary>
    /// <remarks>
    /// The hot path, with no allocation: the n-grams are packed into numbers (<see cref="IntakeFeatures.GramKeys"/>) and
    /// looked up in an open-addressing table; a bit per feature on the stack keeps those that count once and, read in
    /// order, gives them sorted; each adds its row (the label weights and the urgent weight side by side). The sums are
    /// made in the order and with the operations of the trainer's vector
    /// (<see cref="Featurize(RuleReading?, ReadOnlySpan{char}, Span{int}, Span{float}, IndexOf)"/>: every distinct known
    /// n-gram at 1/√count in feature order, then the rule features at their values), so the figures are the same to the bit.
    /// </remarks>
    internal float Predict(RuleReading reading, ReadOnlySpan<char> normalized, Span<float> probabilities)
    {
        var labels = Labels.Count;
        Span<ulong> keys = stackalloc ulong[Math.Min(normalized.Length, IntakeFeatures.MaxChars) * IntakeFeatures.MaxGram];
        keys = keys[..IntakeFeatures.GramKeys(normalized, keys)];

        var words = (Features.Count + 63) >> 6;
        ulong[]? rented = null;
        var seen = words <= MaxStackWords ? stackalloc ulong[words] : (rented = ArrayPool<ulong>.Shared.Rent(words)).AsSpan(0, words);
        seen.Clear();
        Span<ulong> scratch = stackalloc ulong[keys.Length];
        _grams.IndexOfAll(keys, scratch);
        var count = 0;
        foreach (var key in keys)
        {
            var f = (int)key;
            if (f >= 0)
            {
                ref var word = ref seen[f >> 6];
                var bit = 1UL << f;
                if ((word & bit) == 0)
                {
                    word |= bit;
                    count++;
                }
            }
        }

        // The features in order, as a list: the loop that adds their rows then has no branch to miss, so the reads of
        // rows far apart in memory are under way together.
        Span<int> features = stackalloc int[count];
        var n = 0;
        for (var w = 0; w < seen.Length; w++)
        {
            for (var bits = seen[w]; bits != 0; bits &= bits - 1)
            {
                features[n++] = (w << 6) + BitOperations.TrailingZeroCount(bits);
            }
        }

        if (rented is not null)
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }

        // The sums start at the biases: the labels', then the urgent one, as a row is laid out.
        Span<float> sums = stackalloc float[_stride];
        _bias.CopyTo(sums);
        sums[labels] = _urgentBias;
        var norm = count == 0 ? 0f : 1f / MathF.Sqrt(count);
        if (Vector256.IsHardwareAccelerated && _stride == Vector256<float>.Count + 2)
        {
            AddRowsInRegisters(features, norm, sums);
        }
        else
        {
            foreach (var f in features)
            {
                AddRow(f, norm, sums);
            }
        }

        if (_usesRules)
        {
            var rules = new RuleAdder(this, sums);
            IntakeFeatures.Rules(reading, ref rules, static (ref RuleAdder a, string key, float value) => a.Add(key, value));
        }

        sums[..labels].CopyTo(probabilities);
        Softmax(probabilities[..labels]);
        return 1f / (1f + MathF.Exp(-sums[labels]));
    }

    /// <summary>
    /// <see cref="AddRow"/> for every feature of <paramref name="features"/> at <paramref name="value"/>, in their order, with
    /// the sums kept in registers (eight labels in a vector, the ninth and the urgent weight beside it): the same
    /// operations in the same order, without a store and a load between two rows.
    /// </summary>
    private void AddRowsInRegisters(ReadOnlySpan<int> features, float value, Span<float> sums)
    {
        var head = Vector256.Create<float>(sums);
        var (ninth, tenth) = (sums[8], sums[9]);
        ref var rows = ref MemoryMarshal.GetArrayDataReference(_rows);
        foreach (var f in features)
        {
            var at = (nuint)(f * _stride);
            head += Vector256.LoadUnsafe(ref rows, at) * value;
            ninth += Unsafe.Add(ref rows, at + 8) * value;
            tenth += Unsafe.Add(ref rows, at + 9) * value;
        }

        head.CopyTo(sums);
        (sums[8], sums[9]) = (ninth, tenth);
    }

    /// <summary>sums += row × value, label by label and the urgent weight last (eight lanes at once where the machine has them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddRow(int feature, float value, Span<float> sums)
    {
        var row = _rows.AsSpan(feature * _stride, _stride);
        var l = 0;
        if (Vector256.IsHardwareAccelerated && row.Length >= Vector256<float>.Count)
        {
            // Each lane multiplies then adds, as the scalar code does (no fused multiply-add), so the result is the same.
            var sum = Vector256.Create<float>(sums) + (Vector256.Create<float>(row) * value);
            sum.CopyTo(sums);
            l = Vector256<float>.Count;
        }

        for (; l < row.Length; l++)
        {
            sums[l] += row[l] * value;
        }
    }

    /// <summary>
    /// The message's features that the model knows, as distinct (index, value) pairs, n-grams first in index order:
    /// n-grams share a unit norm, rule features keep their values. Returns how many were written.
    /// </summary>
    internal int Featurize(RuleReading reading, ReadOnlySpan<char> normalized, Span<int> indices, Span<float> values) =>
        Featurize(_usesRules ? reading : null, normalized, indices, values, IndexOfFeature);

    /// <summary>The index of a feature of this model, or -1.</summary>
    internal int IndexOfFeature(ReadOnlySpan<char> key) =>
        GramTable.TryPack(key, out var packed) ? _grams.IndexOf(packed)
        : _others.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var i) ? i : -1;

    /// <summary>The same for a vocabulary being built (the trainer's): <paramref name="indexOf"/> answers -1 for an unknown feature.</summary>
    internal static int Featurize(RuleReading? reading, ReadOnlySpan<char> normalized, Span<int> indices, Span<float> values, IndexOf indexOf)
    {
        var grams = new Collector(indices, indexOf);
        IntakeFeatures.Grams(normalized, ref grams, static (ref Collector c, scoped ReadOnlySpan<char> gram) => c.Add(gram));
        var count = grams.Count;
        indices[..count].Sort();
        var distinct = 0;
        for (var k = 0; k < count; k++)
        {
            if (distinct == 0 || indices[distinct - 1] != indices[k])
            {
                indices[distinct++] = indices[k];
            }
        }

        var norm = distinct == 0 ? 0f : 1f / MathF.Sqrt(distinct);
        values[..distinct].Fill(norm);

        if (reading is null)
        {
            return distinct;
        }

        var rules = new RuleCollector(indices, values, distinct, indexOf);
        IntakeFeatures.Rules(reading, ref rules, static (ref RuleCollector c, string key, float value) => c.Add(key, value));
        return rules.Count;
    }

    /// <summary>Answers the index of a feature, or -1.</summary>
    internal delegate int IndexOf(ReadOnlySpan<char> key);

    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(FormatVersion);
        writer.Write(Description);
        Settings.Write(writer);
        writer.Write(Labels.Count);
        foreach (var label in Labels)
        {
            writer.Write(label);
        }

        writer.Write(Features.Count);
        foreach (var feature in Features)
        {
            writer.Write(feature);
        }

        foreach (var w in _weights)
        {
            writer.Write(w);
        }

        foreach (var b in _bias)
        {
            writer.Write(b);
        }

        foreach (var w in _urgentWeights)
        {
            writer.Write(w);
        }

        writer.Write(_urgentBias);
    }

    /// <exception cref="InvalidDataException">The stream does not hold a model of this version.</exception>
    public static IntakeModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic || reader.ReadInt32() != FormatVersion)
            {
                throw new InvalidDataException("Not an intake model file of this version.");
            }

            var description = reader.ReadString();
            var settings = IntakeModelSettings.Read(reader);
            var labels = new string[reader.ReadInt32()];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = reader.ReadString();
            }

            if (!labels.SequenceEqual(Labels))
            {
                throw new InvalidDataException($"The model's labels ({string.Join(", ", labels)}) are not {string.Join(", ", Labels)}.");
            }

            var features = new string[reader.ReadInt32()];
            for (var i = 0; i < features.Length; i++)
            {
                features[i] = reader.ReadString();
            }

            var weights = ReadFloats(reader, features.Length * labels.Length);
            var bias = ReadFloats(reader, labels.Length);
            var urgentWeights = ReadFloats(reader, features.Length);
            var urgentBias = reader.ReadSingle();
            return new IntakeModel(features, weights, bias, urgentWeights, urgentBias, settings, description);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The intake model file is cut short.", e);
        }
    }

    private static float[] ReadFloats(BinaryReader reader, int count)
    {
        var bytes = reader.ReadBytes(count * sizeof(float));
        if (bytes.Length != count * sizeof(float))
        {
            throw new EndOfStreamException();
        }

        var floats = new float[count];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        return floats;
    }

    private static void Softmax(Span<float> scores)
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }

        var sum = 0f;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = MathF.Exp(scores[i] - max);
            sum += scores[i];
        }

        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] /= sum;
        }
    }

    /// <summary>Adds the rows of the rule features at their values.</summary>
    private readonly ref struct RuleAdder(IntakeModel model, Span<float> sums)
    {
        private readonly Span<float> _sums = sums;

        public void Add(string key, float value)
        {
            if (model._others.TryGetValue(key, out var f))
            {
                model.AddRow(f, value, _sums);
            }
        }
    }

    private ref struct Collector(Span<int> indices, IndexOf indexOf)
    {
        private readonly Span<int> _indices = indices;

        public int Count { get; private set; }

        public void Add(scoped ReadOnlySpan<char> gram)
        {
            var i = indexOf(gram);
            if (i >= 0 && Count < _indices.Length)
            {
                _indices[Count++] = i;
            }
        }
    }

    private ref struct RuleCollector(Span<int> indices, Span<float> values, int count, IndexOf indexOf)
    {
        private readonly Span<int> _indices = indices;
        private readonly Span<float> _values = values;

        public int Count { get; private set; } = count;

        public void Add(string key, float value)
        {
            var i = indexOf(key);
            if (i >= 0 && Count < _indices.Length)
            {
                _indices[Count] = i;
                _values[Count++] = value;
            }
        }
    }
}

/// <summary>How the model's probabilities are combined with the rules; chosen by the trainer on out-of-fold predictions.</summary>
/// <param name="AskMargin">A ticket whose two likeliest categories are closer than this gets a question instead of a guess.</param>
/// <param name="UrgentOn">The model alone makes a message urgent from this probability on.</param>
/// <param name="UrgentVeto">Below this probability the model overrules an urgent phrase of the rules.</param>
/// <param name="TicketOn">A message the rules do not read as a report is a ticket when the model gives a category this much.</param>
/// <param name="OtherOn">A report of the rules is not a ticket when the model gives <c>other</c> this much.</param>
public sealed record IntakeModelSettings(float AskMargin, float UrgentOn, float UrgentVeto, float TicketOn, float OtherOn)
{
    public static IntakeModelSettings Default { get; } = new(0.15f, 0.8f, 0.1f, 0.6f, 0.6f);

    internal void Write(BinaryWriter writer)
    {
        writer.Write(AskMargin);
        writer.Write(UrgentOn);
        writer.Write(UrgentVeto);
        writer.Write(TicketOn);
        writer.Write(OtherOn);
    }

    internal static IntakeModelSettings Read(BinaryReader reader) =>
        new(reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle());
}
