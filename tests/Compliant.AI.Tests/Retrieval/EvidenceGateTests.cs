namespace Compliant.AI.Tests.Retrieval;

/// <summary>
/// The evidence gate of <see cref="InMemoryBm25Index"/>: what of a question counts as its content (question words,
/// placeholders and personal data out), how unseen words weigh, the query vocabulary, and near-miss numbers.
/// </summary>
public sealed class EvidenceGateTests
{
    private static readonly ChunkSearchFilter Everyone = ChunkSearchFilter.ForCaller(new CallerContext("u1", ["staff"]));

    [Theory]
    [InlineData("How long do we have to retain audit logs?")]
    [InlineData("Could you please tell me how long we need to retain our audit logs?")]
    [InlineData("I'm asking about something: what's the retention of audit logs, do you know?")]
    [InlineData("Hi! How long must all of those audit logs be retained now, and by whom?")]
    public async Task Search_QuestionAndStopWords_DoNotDiluteCoverage(string question)
    {
        using InMemoryBm25Index index = await BuildAsync();

        ChunkSearchResult bare = index.Search("retain audit logs", Everyone, 3);
        ChunkSearchResult asked = index.Search(question, Everyone, 3);

        Assert.Equal("retention", asked.Hits[0].Chunk.DocumentId);
        Assert.Equal(bare.Hits[0].Chunk.Id, asked.Hits[0].Chunk.Id);
        Assert.True(asked.EvidenceCoverage >= 0.99, $"coverage {asked.EvidenceCoverage}");
    }

    [Theory]
    [InlineData("How long are audit logs retained? Ask <PERSON_1> at <EMAIL_ADDRESS_1>.")]
    [InlineData("How long are audit logs retained for 123-45-6789?")]
    [InlineData("How long are audit logs retained? (555) 201-3344, j.doe@example.com")]
    [InlineData("How long are audit logs retained for 9876543210?")]
    [InlineData("jane.doe+hr@mail.example.org asks: how long are audit logs retained? 555.201.3344")]
    [InlineData("<PERSON_1> <PERSON_2> <LOCATION_1>: how long are audit logs retained? <US_SSN_1>")]
    public async Task RetrieveAsync_PiiOrPlaceholdersInQuestion_SameTopPassageAndEvidence(string question)
    {
        using InMemoryBm25Index index = await BuildAsync();
        var caller = new CallerContext("u1", ["staff"]);

        RetrievalResult clean = await index.RetrieveAsync(new RetrievalRequest("How long are audit logs retained?", caller));
        RetrievalResult noisy = await index.RetrieveAsync(new RetrievalRequest(question, caller));

        Assert.True(clean.HasEvidence);
        Assert.Equal(clean.HasEvidence, noisy.HasEvidence);
        Assert.Equal(clean.Passages[0].ChunkId, noisy.Passages[0].ChunkId);
        Assert.Equal(clean.Passages[0].Score, noisy.Passages[0].Score, 4);
        Assert.Equal(clean.EvidenceScore!.Value, noisy.EvidenceScore!.Value, 6);
    }

    [Theory]
    [InlineData("How long are audit logs retained by the compliance team, honestly?")]
    [InlineData("How long are audit logs retained in the xyzzyplex system?")]
    [InlineData("How long are Kowalczyk audit logs retained?")]
    public async Task RetrieveAsync_OneUnseenWordInWellSupportedQuestion_StillHasEvidence(string question)
    {
        using InMemoryBm25Index index = await BuildAsync();

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest(question, new CallerContext("u1", ["staff"])));

        Assert.True(result.HasEvidence, $"coverage {result.EvidenceScore}");
        Assert.Equal("retention", result.Passages[0].DocumentId);
    }

    [Theory]
    [InlineData("Can I bring my dog to the kitchen?")]
    [InlineData("What is the per diem for meals in Denver?")]
    [InlineData("How much does the bug bounty program pay for a critical vulnerability?")]
    [InlineData("Which cryptocurrency wallet should payroll use?")]
    public async Task RetrieveAsync_ContentAbsentFromCorpus_NoEvidence(string question)
    {
        using InMemoryBm25Index index = await BuildAsync();

        RetrievalResult result = await index.RetrieveAsync(new RetrievalRequest(question, new CallerContext("u1", ["staff"])));

        Assert.False(result.HasEvidence, $"coverage {result.EvidenceScore}");
    }

    [Fact]
    public async Task Search_NearMissNumber_CoversLessThanTheExactNumber()
    {
        using InMemoryBm25Index index = await BuildAsync();

        ChunkSearchResult exact = index.Search("Are audit logs retained for 7 years?", Everyone, 3);
        ChunkSearchResult nearMiss = index.Search("Are audit logs retained for 9 years?", Everyone, 3);
        ChunkSearchResult unknownNumber = index.Search("Are laptops wiped after 45 days?", Everyone, 3);

        Assert.True(exact.EvidenceCoverage > nearMiss.EvidenceCoverage, $"{exact.EvidenceCoverage} vs {nearMiss.EvidenceCoverage}");
        Assert.True(exact.EvidenceCoverage >= 0.99);
        Assert.True(unknownNumber.EvidenceCoverage < 0.5, $"coverage {unknownNumber.EvidenceCoverage}");
    }

    [Fact]
    public async Task Search_QueryVocabulary_LayWordCoveredByTheDocumentsPhrase()
    {
        var options = new Bm25Options();
        options.QueryVocabulary["patient"] = "individual";
        options.QueryVocabulary["police"] = "law enforcement";
        options.QueryVocabulary["dog"] = "service animal"; // "service animal" is not in the corpus: ignored
        using InMemoryBm25Index plain = await BuildAsync();
        using InMemoryBm25Index withVocabulary = await BuildAsync(options);

        const string Question = "How many days for a patient request for records from police?";
        ChunkSearchResult before = plain.Search(Question, Everyone, 3);
        ChunkSearchResult after = withVocabulary.Search(Question, Everyone, 3);
        ChunkSearchResult dog = withVocabulary.Search("Can I bring my dog to the kitchen?", Everyone, 3);

        Assert.Equal("access", after.Hits[0].Chunk.DocumentId);
        Assert.True(after.EvidenceCoverage > before.EvidenceCoverage, $"{after.EvidenceCoverage} vs {before.EvidenceCoverage}");
        Assert.True(after.EvidenceCoverage >= 0.99, $"coverage {after.EvidenceCoverage}");
        Assert.Equal(plain.Search("Can I bring my dog to the kitchen?", Everyone, 3).EvidenceCoverage, dog.EvidenceCoverage);
    }

    [Fact]
    public async Task Search_QuestionWordsOnly_NoHitsAndNoCoverage()
    {
        using InMemoryBm25Index index = await BuildAsync();

        ChunkSearchResult result = index.Search("What do we need to do about it, and when?", Everyone, 3);

        Assert.Empty(result.Hits);
        Assert.Equal(0, result.EvidenceCoverage ?? 0);
    }

    [Fact]
    public async Task Search_IgnoreQuestionWordsOff_QuestionWordsDilute()
    {
        using InMemoryBm25Index index = await BuildAsync(new Bm25Options { IgnoreQuestionWords = false });

        ChunkSearchResult result = index.Search("Could you please tell me how long we need to keep our audit logs?", Everyone, 3);

        Assert.True(result.EvidenceCoverage < 0.99, $"coverage {result.EvidenceCoverage}");
    }

    private static async Task<InMemoryBm25Index> BuildAsync(Bm25Options? options = null)
    {
        var index = new InMemoryBm25Index(options);
        SourceDocument Doc(string id, string title, string text) => new(id, text) { Title = title, AllowedPrincipals = [PrincipalNames.Everyone] };
        List<SourceDocument> docs =
        [
            Doc("retention", "Retention", "Audit logs are retained for 7 years. Access logs are retained for one year."),
            Doc("access", "Access requests", "A covered entity must act on an individual's request for access to records within 30 days. Requests from law enforcement go to the privacy officer."),
            Doc("travel", "Travel", "Travel expenses need a receipt. Lodging is booked through the travel desk."),
            Doc("laptops", "Equipment", "Laptops are encrypted. Return your laptop on your last day."),
            Doc("security", "Security", "Report a security incident within one hour. Security reviews happen quarterly."),
            Doc("kitchen", "Office", "Keep the kitchen clean. The office opens at eight."),
        ];
        (await new DocumentIngestor([index]).IngestAsync(docs)).ThrowIfFailed();
        return index;
    }
}
