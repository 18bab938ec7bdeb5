using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using NeighborBot.Intake;

namespace NeighborBot.Tests.Intake;

/// <summary>
/// The committed model is the one the trainer builds from the committed data, it survives a round trip through its
/// file, and a replaced model file goes live without a restart while a broken one is ignored.
/// </summary>
/// <remarks>
/// Training takes about 20 s (six folds to choose the thresholds, then the model), too long for the suite; so the test
/// checks that the model was built from exactly the files now in data/intake (their digest is in the model), and
/// <c>dotnet run -c Release --project tools/NeighborBot.IntakeTrainer -- check</c> trains again and compares the bytes
/// (training is deterministic: a fixed seed, one thread, ordinal order everywhere).
/// </remarks>
public sealed class IntakeModelTests
{
    private static IntakeModel Model => IntakeModelFile.BuiltIn.Value;

    [Fact]
    public void The_committed_model_was_trained_on_the_data_now_in_the_repository()
    {
        var description = JsonDocument.Parse(Model.Description).RootElement;
        var root = Path.GetFullPath(Path.Combine(LabelledSet.DataDirectory, "..", "..", ".."));
        var files = description.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList();
        var onDisk = new[] { "data/intake/corpus", "data/intake/corrections" }
            .Select(d => Path.Combine(root, d)).Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.GetFiles(d, "*.jsonl")).Order(StringComparer.Ordinal).ToList();

        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in onDisk)
        {
            digest.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            digest.AppendData(File.ReadAllBytes(file));
        }

        Assert.Equal(files, onDisk.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')));
        Assert.Equal(description.GetProperty("data").GetString(), Convert.ToHexStringLower(digest.GetHashAndReset()));
    }

    [Theory]
    [InlineData("我们5号楼3单元一楼电梯口有个老太太摔了 坐地上起不来 脸煞白 谁能赶紧来一下")]
    [InlineData("电梯门口躺着个老人 叫不醒")]
    public void A_person_who_fell_at_the_lift_is_an_urgent_wish_not_a_lift_repair(string text)
    {
        var problem = Assert.Single(new IntakeAnalyzer(IntakeRules.Default, Model).Analyze(text).Problems);

        Assert.Equal((IntakeCategories.Wish, true, IntakeHazards.Fall), (problem.Category, problem.Urgent, problem.Hazard));
    }

    [Fact]
    public void Each_of_two_problems_in_one_message_takes_the_category_of_its_own_words()
    {
        var result = new IntakeAnalyzer(IntakeRules.Default, Model).Analyze("俩事儿：楼道里堆了一堆别人家的装修垃圾 还有单元门禁刷卡没反应 天天等人开门");

        Assert.Equal([IntakeCategories.Environment, IntakeCategories.Repair], result.Problems.Select(p => p.Category));
    }

    [Theory]
    [InlineData("夜儿黑俺在灶火那闻着有点煤气味儿 今儿早上开窗透了透又闻不着了 俺心里不踏实 恁叫人来瞅瞅中不")]
    [InlineData("老人走丢那个事，人已经找到了，谢谢大家帮忙转发")]
    public void A_danger_told_as_over_is_not_urgent(string text) =>
        Assert.DoesNotContain(new IntakeAnalyzer(IntakeRules.Default, Model).Analyze(text).Problems, p => p.Urgent);

    [Fact]
    public void No_question_is_asked_when_the_rules_own_words_already_name_the_model_s_choice()
    {
        var result = new IntakeAnalyzer(IntakeRules.Default, Model).Analyze("5栋3单元12楼楼道灯灭了 黑灯瞎火");

        Assert.Null(result.Choices);
        Assert.Equal(IntakeCategories.Repair, Assert.Single(result.Problems).Category);
    }

    [Theory]
    [InlineData("抱歉刚才写错了，是6号楼3单元，不是2单元", 6, 3)]
    [InlineData("不好意思打錯了 是9號樓2單元", 9, 2)]
    public void A_correction_after_an_apology_is_a_correction(string text, int building, int unit)
    {
        var result = new IntakeAnalyzer(IntakeRules.Default, Model).Analyze(text);

        Assert.Equal(IntakeIntent.Correction, result.Intent);
        Assert.Equal((building, unit), (result.Location!.Building, result.Location.Unit));
    }

    [Fact]
    public void A_model_written_and_read_back_gives_the_same_answers()
    {
        using var buffer = new MemoryStream();
        Model.Write(buffer);
        buffer.Position = 0;
        var copy = IntakeModel.Read(buffer);
        var rules = IntakeRules.Default;

        foreach (var text in new[] { "3号楼2单元楼道灯坏了", "物业修了三回还是漏", "谢谢", "我妈正在给骗子念验证码" })
        {
            Assert.Equal(new IntakeAnalyzer(rules, Model).Analyze(text), new IntakeAnalyzer(rules, copy).Analyze(text), new ResultComparer());
        }
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => IntakeModel.Read(new MemoryStream("not a model"u8.ToArray())));
        Assert.Throws<InvalidDataException>(() => IntakeModel.Read(new MemoryStream([.. "NBIM"u8, 1, 0, 0, 0])));
    }

    [Fact]
    public async Task A_replaced_model_file_is_read_again_and_a_broken_one_is_ignored()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("intake-model-");
        try
        {
            var path = Path.Combine(folder.FullName, "intake.model");
            await File.WriteAllBytesAsync(path, Bytes(Model));
            using var file = new IntakeModelFile(path, TimeProvider.System, NullLogger.Instance);
            var replaced = new TaskCompletionSource<IntakeModel>(TaskCreationOptions.RunContinuationsAsynchronously);
            file.Changed += m => replaced.TrySetResult(m);

            var other = new IntakeModel(Model.Features, new float[Model.Features.Count * IntakeModel.Labels.Count], new float[IntakeModel.Labels.Count],
                new float[Model.Features.Count], 0f, Model.Settings, "replacement");
            await File.WriteAllBytesAsync(path + ".new", Bytes(other));
            File.Move(path + ".new", path, overwrite: true);

            Assert.Equal("replacement", (await replaced.Task.WaitAsync(TimeSpan.FromSeconds(10))).Description);
            Assert.Equal("replacement", file.Current.Description);

            await File.WriteAllTextAsync(path, "broken");
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal("replacement", file.Current.Description);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_configured_model_path_that_cannot_be_read_stops_the_start()
    {
        var result = new IntakeOptionsValidator().Validate(null, new IntakeOptions { ModelPath = "/nonexistent/intake.model" });

        Assert.True(result.Failed);
        Assert.Contains("Intake:ModelPath", result.FailureMessage, StringComparison.Ordinal);
    }

    private static byte[] Bytes(IntakeModel model)
    {
        using var buffer = new MemoryStream();
        model.Write(buffer);
        return buffer.ToArray();
    }

    private sealed class ResultComparer : IEqualityComparer<IntakeResult>
    {
        public bool Equals(IntakeResult? x, IntakeResult? y) =>
            x!.Intent == y!.Intent && x.Category == y.Category && x.Urgent == y.Urgent && x.Confidence == y.Confidence
            && (x.Choices ?? []).SequenceEqual(y.Choices ?? []);

        public int GetHashCode(IntakeResult obj) => obj.Category.GetHashCode(StringComparison.Ordinal);
    }
}
