() => {
  // Clicks on what answers draw: [n] and citation cards open the source viewer, 复制回答 copies clean text.
  // Answers are HTML the chatbot renders, so one listener on the document serves every message.
  const copyText = async (text) => {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    const area = document.createElement("textarea"); // plain http on an intranet: the older way
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  };
  document.addEventListener("click", (event) => {
    const cite = event.target.closest("[data-chunk]");
    if (cite) {
      event.preventDefault();
      window.policyAssistantCite = cite.dataset.chunk;
      document.querySelector("#open-source").click();
      return;
    }
    const copy = event.target.closest("[data-copy]");
    if (copy) {
      event.preventDefault();
      copyText(copy.dataset.copy).then(() => {
        copy.textContent = "已复制";
        setTimeout(() => (copy.textContent = "复制回答"), 1500);
      });
    }
  });
}
