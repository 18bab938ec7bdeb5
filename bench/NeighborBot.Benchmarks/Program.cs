Console.WriteLine("benchmarks: coming in a later commit");
