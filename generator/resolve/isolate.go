package resolve

// dirAuto is the dir attribute of every link to a page in a body or a
// note. The link's text is a name (or words chosen for it); dir="auto"
// sets its direction from its first letter and isolates it, as <bdi> does,
// so that an Arabic or Hebrew name inside an English sentence (or the
// reverse) cannot reorder the punctuation and words around it.
var dirAuto = []byte("auto")
