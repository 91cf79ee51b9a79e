/**
 * The directory sheet chosen on a PC (H5, <input type=file>) for import. The export is saved on
 * the device by the API client (`exportUnions`).
 */

/** The bytes of a file chosen in the browser (FileReader: older browsers lack Blob.arrayBuffer). */
export function readChosenFile(file: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => (reader.result instanceof ArrayBuffer ? resolve(reader.result) : reject(new Error('not read as bytes')))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsArrayBuffer(file)
  })
}
