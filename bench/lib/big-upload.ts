// The component the upload benchmarks' nodes serve: one file of up to 60 MB, taken by `save`.
import { Component } from '../../src/index.js'

export class XBigUpload extends Component {
  static template = 'x-big-upload.pug'
  static handlers = { save: {} }
  static uploads = { file: { maxSize: 60_000_000 } }
  save(): void {
    this.uploaded('file')
  }
}
